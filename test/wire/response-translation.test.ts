import { describe, expect, it } from 'vitest';
import { decodeAnthropicResponse, encodeAnthropicResponse } from '../../src/wire/anthropic/response-codec.js';
import { decodeOpenAiResponse, encodeOpenAiResponse } from '../../src/wire/openai/response-codec.js';

const openAiToolResponse = {
  id: 'chatcmpl-123',
  object: 'chat.completion',
  created: 1732000000,
  model: 'gpt-x',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: null,
      message: {
        role: 'assistant',
        content: 'Let me check.',
        refusal: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"a":1}' } }],
      },
    },
  ],
  usage: {
    prompt_tokens: 1060,
    completion_tokens: 20,
    total_tokens: 1080,
    prompt_tokens_details: { cached_tokens: 1000 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};

const anthropicToolResponse = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [
    { type: 'text', text: 'Let me check.' },
    { type: 'tool_use', id: 'toolu_01', name: 'get', input: { a: 1 } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 20, cache_creation_input_tokens: 50, cache_read_input_tokens: 1000 },
};

describe('OpenAI response -> Anthropic client', () => {
  it('maps content order, stop reason and usage (conformance 16)', () => {
    expect(encodeAnthropicResponse(decodeOpenAiResponse(openAiToolResponse), { id: 'msg_r', model: 'auto' })).toEqual({
      id: 'msg_r',
      type: 'message',
      role: 'assistant',
      model: 'auto',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_1', name: 'get', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 60, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000 },
    });
  });

  it.each<[string, string, boolean, string]>([
    ['forced tool_choice answers "stop" with tool calls', 'stop', true, 'tool_use'],
    ['truncated tool call', 'length', true, 'max_tokens'],
    ['plain stop', 'stop', false, 'end_turn'],
    ['length', 'length', false, 'max_tokens'],
    ['content_filter', 'content_filter', false, 'refusal'],
    ['legacy function_call', 'function_call', true, 'tool_use'],
  ])('%s -> %s', (_n, finish, withTool, stop) => {
    const body = structuredClone(openAiToolResponse);
    (body.choices[0] as { finish_reason: string }).finish_reason = finish;
    if (!withTool) delete (body.choices[0]?.message as { tool_calls?: unknown }).tool_calls;
    expect(encodeAnthropicResponse(decodeOpenAiResponse(body), { id: 'm', model: 'm' }).stop_reason).toBe(stop);
  });

  it('drops empty text, wraps unparseable arguments and hides unsigned reasoning by default', () => {
    const body = {
      id: 'c',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: '',
            reasoning_content: 'hmm',
            tool_calls: [{ id: 'functions.Read:0', type: 'function', function: { name: 'Read', arguments: 'not json' } }],
          },
        },
      ],
    };
    const res = decodeOpenAiResponse(body);
    expect(encodeAnthropicResponse(res, { id: 'm', model: 'm' }).content).toEqual([
      { type: 'tool_use', id: 'tcx_functions_002eRead_003a0', name: 'Read', input: { raw_arguments: 'not json' } },
    ]);
    expect(encodeAnthropicResponse(res, { id: 'm', model: 'm', unsignedThinking: true }).content[0]).toEqual({
      type: 'thinking',
      thinking: 'hmm',
      signature: '',
    });
  });
});

describe('Anthropic response -> OpenAI client', () => {
  it('maps text, tool calls, finish reason and usage (conformance 16)', () => {
    expect(
      encodeOpenAiResponse(decodeAnthropicResponse(anthropicToolResponse), { id: 'chatcmpl-msg_01', created: 1732000000, model: 'auto' }),
    ).toEqual({
      id: 'chatcmpl-msg_01',
      object: 'chat.completion',
      created: 1732000000,
      model: 'auto',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          logprobs: null,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            refusal: null,
            tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get', arguments: '{"a":1}' } }],
          },
        },
      ],
      usage: {
        prompt_tokens: 1060,
        completion_tokens: 20,
        total_tokens: 1080,
        prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 50 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it.each<[string, string, string]>([
    ['end_turn', 'end_turn', 'stop'],
    ['stop_sequence', 'stop_sequence', 'stop'],
    ['max_tokens', 'max_tokens', 'length'],
    ['pause_turn', 'pause_turn', 'stop'],
    ['refusal', 'refusal', 'content_filter'],
    ['model_context_window_exceeded', 'model_context_window_exceeded', 'length'],
    ['unknown future reason', 'something_new', 'stop'],
  ])('%s', (_n, stop, finish) => {
    expect(
      encodeOpenAiResponse(
        decodeAnthropicResponse({ ...anthropicToolResponse, content: [{ type: 'text', text: 'x' }], stop_reason: stop }),
        { id: 'c', created: 1, model: 'm' },
      ).choices[0]?.finish_reason,
    ).toBe(finish);
  });

  it('content is null without text; thinking only as reasoning_content when asked', () => {
    const body = {
      ...anthropicToolResponse,
      content: [
        { type: 'thinking', thinking: 'deep', signature: 's' },
        { type: 'tool_use', id: 'toolu_2', name: 'f', input: {} },
      ],
    };
    const plain = encodeOpenAiResponse(decodeAnthropicResponse(body), { id: 'c', created: 1, model: 'm' });
    expect(plain.choices[0]?.message.content).toBeNull();
    expect(plain.choices[0]?.message.reasoning_content).toBeUndefined();
    expect(
      encodeOpenAiResponse(decodeAnthropicResponse(body), { id: 'c', created: 1, model: 'm', reasoningContent: true }).choices[0]?.message
        .reasoning_content,
    ).toBe('deep');
  });

  it('restores a tool id that the router made safe earlier', () => {
    const body = { ...anthropicToolResponse, content: [{ type: 'tool_use', id: 'tcx_functions_002eRead_003a0', name: 'Read', input: {} }] };
    expect(
      encodeOpenAiResponse(decodeAnthropicResponse(body), { id: 'c', created: 1, model: 'm' }).choices[0]?.message.tool_calls?.[0]?.id,
    ).toBe('functions.Read:0');
  });
});

describe('Gemini thought signatures through the OpenAI-compatible endpoint', () => {
  it('are read from tool_calls[].extra_content.google.thought_signature', () => {
    const body = structuredClone(openAiToolResponse);
    (body.choices[0]?.message.tool_calls[0] as Record<string, unknown>).extra_content = { google: { thought_signature: 'SIG' } };
    expect(decodeOpenAiResponse(body).content[1]).toEqual({
      type: 'tool_use',
      id: 'call_1',
      name: 'get',
      input: { a: 1 },
      arguments: '{"a":1}',
      thoughtSignature: 'SIG',
    });
  });
});

describe('same-format response round trips', () => {
  it('OpenAI', () => {
    expect(
      encodeOpenAiResponse(decodeOpenAiResponse(openAiToolResponse), { id: 'chatcmpl-123', created: 1732000000, model: 'gpt-x' }),
    ).toEqual({
      ...openAiToolResponse,
      usage: { ...openAiToolResponse.usage },
    });
  });

  it('Anthropic, with thinking, redacted thinking and server tool blocks in their order', () => {
    const body = {
      ...anthropicToolResponse,
      content: [
        { type: 'thinking', thinking: 'plan', signature: 'EqQB' },
        { type: 'redacted_thinking', data: 'Emw' },
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        { type: 'text', text: 'Found.', citations: [{ type: 'web_search_result_location', url: 'u' }] },
        ...anthropicToolResponse.content,
      ],
      stop_sequence: null,
    };
    expect(encodeAnthropicResponse(decodeAnthropicResponse(body), { id: 'msg_01', model: 'claude-x' })).toEqual(body);
  });

  it('Anthropic stop_sequence is kept', () => {
    const body = { ...anthropicToolResponse, content: [{ type: 'text', text: 'x' }], stop_reason: 'stop_sequence', stop_sequence: '###' };
    expect(encodeAnthropicResponse(decodeAnthropicResponse(body), { id: 'msg_01', model: 'claude-x' })).toEqual(body);
  });
});
