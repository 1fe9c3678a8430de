import { describe, expect, it } from 'vitest';
import { decodeOpenAiRequest } from '../../../src/wire/openai/request-decode.js';
import { encodeOllamaRequest } from '../../../src/wire/ollama/request-encode.js';
import { OllamaStreamDecoder, decodeOllamaResponse } from '../../../src/wire/ollama/response-decode.js';
import { NdjsonDecoder } from '../../../src/wire/sse.js';
import { WireError } from '../../../src/wire/wire-error.js';

describe('encodeOllamaRequest', () => {
  it('maps system, images, tool calls as objects, tool results by name, options', () => {
    const c = decodeOpenAiRequest({
      model: 'auto',
      messages: [
        { role: 'system', content: 'terse' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is it?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"q":"x"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
      ],
      tools: [{ type: 'function', function: { name: 'look', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      max_tokens: 200,
      temperature: 0.1,
      stop: ['\n\n'],
      seed: 4,
      stream: true,
      response_format: { type: 'json_object' },
    });
    expect(encodeOllamaRequest(c, { model: 'llama3.2:3b' })).toEqual({
      model: 'llama3.2:3b',
      stream: true,
      messages: [
        { role: 'system', content: 'terse' },
        { role: 'user', content: 'what is it?', images: ['iVBOR'] },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'look', arguments: { q: 'x' } } }] },
        { role: 'tool', content: 'a cat', tool_name: 'look' },
      ],
      tools: [{ type: 'function', function: { name: 'look', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      format: 'json',
      options: { temperature: 0.1, num_predict: 200, stop: ['\n\n'], seed: 4 },
    });
  });

  it.each<[string, object, boolean | string | undefined]>([
    ['effort high', { reasoning_effort: 'high' }, 'high'],
    ['effort none', { reasoning_effort: 'none' }, false],
    ['no reasoning asked', {}, undefined],
  ])('think for %s', (_n, extra, think) => {
    expect(encodeOllamaRequest(decodeOpenAiRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...extra })).think).toBe(
      think,
    );
  });

  it('refuses image URLs (Ollama takes inline images only)', () => {
    const c = decodeOpenAiRequest({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }],
    });
    expect(() => encodeOllamaRequest(c)).toThrow(WireError);
  });
});

describe('decodeOllamaResponse', () => {
  it('generates ids, keeps argument objects, says tool_use although done_reason is stop', () => {
    const body = {
      model: 'llama3.2',
      message: { role: 'assistant', content: '', thinking: 'hm', tool_calls: [{ function: { name: 'look', arguments: { q: 'x' } } }] },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 26,
      eval_count: 10,
    };
    expect(decodeOllamaResponse(body, { toolIdPrefix: 'call_d1_' })).toEqual({
      id: '',
      model: 'llama3.2',
      content: [
        { type: 'thinking', thinking: 'hm' },
        { type: 'tool_use', id: 'call_d1_0', name: 'look', input: { q: 'x' } },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 26, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    });
  });
});

describe('OllamaStreamDecoder', () => {
  function run(ndjson: string) {
    const lines = new NdjsonDecoder();
    const dec = new OllamaStreamDecoder({ toolIdPrefix: 'call_s_' });
    const out = [];
    for (let i = 0; i < ndjson.length; i += 11) for (const l of lines.push(ndjson.slice(i, i + 11))) out.push(...dec.push(l));
    for (const l of lines.end()) out.push(...dec.push(l));
    out.push(...dec.end());
    return out;
  }

  it('streams text, then a complete tool call, then finish with usage', () => {
    const ndjson = [
      { model: 'llama3.2', message: { role: 'assistant', content: 'The' }, done: false },
      { model: 'llama3.2', message: { role: 'assistant', content: ' sky' }, done: false },
      {
        model: 'llama3.2',
        message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] },
        done: false,
      },
      {
        model: 'llama3.2',
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 26,
        eval_count: 282,
      },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    expect(run(ndjson)).toEqual([
      { type: 'start', id: '', model: 'llama3.2' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'The' },
      { type: 'text_delta', index: 0, text: ' sky' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'tool_use', id: 'call_s_0', name: 'f' } },
      { type: 'tool_args_delta', index: 1, json: '{"a":1}' },
      { type: 'block_stop', index: 1 },
      {
        type: 'finish',
        stopReason: 'tool_use',
        usage: { inputTokens: 26, outputTokens: 282, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
      { type: 'end' },
    ]);
  });

  it.each<[string, string, string]>([
    ['mid-stream error line', '{"message":{"content":"a"},"done":false}\n{"error":"out of memory"}\n', 'out of memory'],
    ['EOF before done', '{"message":{"content":"a"},"done":false}\n', 'upstream stream ended before done'],
  ])('%s becomes an error event', (_n, ndjson, message) => {
    const out = run(ndjson);
    expect(out[out.length - 1]).toEqual({ type: 'error', error: { type: 'api_error', message } });
  });
});
