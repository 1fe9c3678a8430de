import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../../src/wire/anthropic/request-decode.js';
import { GeminiStreamDecoder, decodeGeminiResponse } from '../../../src/wire/gemini/response-decode.js';
import { encodeGeminiRequest, SKIP_THOUGHT_SIGNATURE } from '../../../src/wire/gemini/request-encode.js';
import { cleanGeminiSchema } from '../../../src/wire/gemini/schema-clean.js';
import { sseData } from '../../../src/wire/sse.js';
import { decodeAll } from '../helpers/streams.js';

describe('cleanGeminiSchema', () => {
  it.each<[string, object, object]>([
    [
      'drops keywords Gemini rejects',
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        properties: {
          n: { type: 'integer', exclusiveMinimum: 0, format: 'uint32' },
          tags: { type: 'array', uniqueItems: true, items: { type: 'string', format: 'uri' } },
        },
        required: ['n', 'ghost'],
      },
      { type: 'object', properties: { n: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['n'] },
    ],
    ['const becomes enum', { type: 'string', const: 'fixed' }, { type: 'string', enum: ['fixed'] }],
    ['nullable type arrays', { type: ['string', 'null'], format: 'date-time' }, { type: 'string', nullable: true, format: 'date-time' }],
    [
      'anyOf and propertyNames',
      { anyOf: [{ type: 'string' }, { type: 'object', propertyNames: { pattern: 'x' }, patternProperties: {} }] },
      { anyOf: [{ type: 'string' }, { type: 'object' }] },
    ],
  ])('%s', (_n, input, expected) => {
    expect(cleanGeminiSchema(input)).toEqual(expected);
  });
});

describe('encodeGeminiRequest', () => {
  const c = decodeAnthropicRequest({
    model: 'gemini-x',
    max_tokens: 1000,
    system: 'be brief',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'ok' },
          { type: 'tool_use', id: 'toolu_a', name: 'find', input: { q: 1 } },
          { type: 'tool_use', id: 'toolu_b', name: 'find', input: { q: 2 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: 'one' },
          { type: 'tool_result', tool_use_id: 'toolu_b', content: 'nope', is_error: true },
        ],
      },
      { role: 'user', content: 'and?' },
    ],
    tools: [
      {
        name: 'find',
        description: 'd',
        input_schema: { type: 'object', additionalProperties: false, properties: { q: { type: 'integer' } } },
      },
    ],
    tool_choice: { type: 'tool', name: 'find' },
    temperature: 0.5,
    stop_sequences: ['END'],
  });

  it('maps roles, merges same-role turns, names function responses, cleans schemas', () => {
    expect(encodeGeminiRequest(c, { thoughtSignatureFor: (id) => (id === 'toolu_a' ? 'SIG_A' : undefined) })).toEqual({
      systemInstruction: { parts: [{ text: 'be brief' }] },
      contents: [
        { role: 'user', parts: [{ text: 'look' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
        {
          role: 'model',
          parts: [
            { text: 'ok' },
            { functionCall: { name: 'find', args: { q: 1 }, id: 'toolu_a' }, thoughtSignature: 'SIG_A' },
            { functionCall: { name: 'find', args: { q: 2 }, id: 'toolu_b' } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'find', id: 'toolu_a', response: { result: 'one' } } },
            { functionResponse: { name: 'find', id: 'toolu_b', response: { error: 'nope' } } },
            { text: 'and?' },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            { name: 'find', description: 'd', parameters: { type: 'object', properties: { q: { type: 'integer' } } } },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['find'] } },
      generationConfig: { temperature: 0.5, maxOutputTokens: 1000, stopSequences: ['END'] },
    });
  });

  it('uses the documented placeholder when no signature is known', () => {
    const model = encodeGeminiRequest(c).contents[1];
    expect(model?.parts[1]?.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(model?.parts[2]?.thoughtSignature).toBeUndefined();
  });

  it('sends schemas untouched as parametersJsonSchema when asked', () => {
    const tools = encodeGeminiRequest(c, { schemaMode: 'parametersJsonSchema' }).tools as { functionDeclarations: object[] }[];
    expect(tools[0]?.functionDeclarations[0]).toEqual({
      name: 'find',
      description: 'd',
      parametersJsonSchema: { type: 'object', additionalProperties: false, properties: { q: { type: 'integer' } } },
    });
  });
});

const answer = (parts: object[], extra: object = {}) => ({
  candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }],
  modelVersion: 'gemini-x',
  responseId: 'r1',
});

describe('decodeGeminiResponse', () => {
  it.each<[string, object, object]>([
    [
      'function call with signature: tool_use although finishReason is STOP',
      {
        ...answer([{ text: 'calling' }, { functionCall: { name: 'find', args: { q: 1 } }, thoughtSignature: 'SIG' }], {
          finishReason: 'STOP',
        }),
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 7 },
      },
      {
        id: 'r1',
        model: 'gemini-x',
        content: [
          { type: 'text', text: 'calling' },
          { type: 'tool_use', id: 'call_g_0', name: 'find', input: { q: 1 }, thoughtSignature: 'SIG' },
        ],
        stopReason: 'tool_use',
        usage: { inputTokens: 10, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 7 },
      },
    ],
    [
      'thought parts become thinking; MAX_TOKENS',
      answer([{ text: 'pondering', thought: true }, { text: 'half' }], { finishReason: 'MAX_TOKENS' }),
      {
        id: 'r1',
        model: 'gemini-x',
        content: [
          { type: 'thinking', thinking: 'pondering' },
          { type: 'text', text: 'half' },
        ],
        stopReason: 'max_tokens',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
    ],
    [
      'blocked prompt has no candidates',
      { promptFeedback: { blockReason: 'SAFETY' } },
      {
        id: '',
        model: '',
        content: [],
        stopReason: 'refusal',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
    ],
  ])('%s', (_n, body, expected) => {
    expect(decodeGeminiResponse(body, { toolIdPrefix: 'call_g_' })).toEqual(expected);
  });
});

describe('GeminiStreamDecoder', () => {
  it('streams text, emits each function call as one block, finishes at EOF', () => {
    const upstream = [
      answer([{ text: 'Hel' }]),
      answer([{ text: 'lo' }]),
      {
        ...answer([{ functionCall: { name: 'f', args: { a: 1 }, id: 'fc1' }, thoughtSignature: 'S1' }], { finishReason: 'STOP' }),
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4 },
      },
    ]
      .map((b) => sseData(JSON.stringify(b)))
      .join('');
    expect(decodeAll(new GeminiStreamDecoder({ toolIdPrefix: 'call_g_' }), upstream)).toEqual([
      { type: 'start', id: 'r1', model: 'gemini-x' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'Hel' },
      { type: 'text_delta', index: 0, text: 'lo' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'tool_use', id: 'fc1', name: 'f', thoughtSignature: 'S1' } },
      { type: 'tool_args_delta', index: 1, json: '{"a":1}' },
      { type: 'block_stop', index: 1 },
      {
        type: 'finish',
        stopReason: 'tool_use',
        usage: { inputTokens: 3, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
      { type: 'end' },
    ]);
  });

  it.each<[string, string, object]>([
    [
      'EOF without finishReason',
      sseData(JSON.stringify(answer([{ text: 'x' }]))),
      { type: 'error', error: { type: 'api_error', message: 'upstream stream ended without a finish reason', code: 'stream_broken' } },
    ],
    [
      'error object mid-stream',
      sseData(JSON.stringify(answer([{ text: 'x' }]))) +
        sseData('{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}'),
      { type: 'error', error: { type: 'overloaded_error', message: 'The model is overloaded.', code: 'UNAVAILABLE' } },
    ],
  ])('%s', (_n, upstream, last) => {
    const out = decodeAll(new GeminiStreamDecoder({ toolIdPrefix: 'c' }), upstream);
    expect(out[out.length - 1]).toEqual(last);
  });
});
