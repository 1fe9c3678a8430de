// Whole (non-streamed) Responses answers: an upstream's response object read into the canonical
// form, and a canonical answer written as the response object SDKs read output_text from.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAnthropicResponse } from '../../../src/wire/anthropic/response-codec.js';
import { encodeAnthropicRequest } from '../../../src/wire/anthropic/request-encode.js';
import { decodeResponsesRequest } from '../../../src/wire/responses/request-decode.js';
import {
  decodeResponsesResponse,
  encodeResponsesResponse,
  responseShell,
  shellFieldsJson,
  type ResponsesResponseOptions,
} from '../../../src/wire/responses/response-codec.js';
import type { ResponsesItem } from '../../../src/wire/responses/types.js';

describe('decodeResponsesResponse', () => {
  it('reads message text, refusals, namespaced calls, reasoning summaries and usage with cached and reasoning tokens', () => {
    const res = decodeResponsesResponse({
      id: 'resp_1',
      object: 'response',
      model: 'gpt-up',
      status: 'completed',
      output: [
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'plan' }], encrypted_content: 'x' },
        { type: 'message', id: 'm', role: 'assistant', content: [{ type: 'output_text', text: 'ok', annotations: [] }] },
        { type: 'function_call', id: 'fc', call_id: 'call_7', name: 'spawn', namespace: 'ns', arguments: '{"a":1}' },
      ],
      usage: {
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 6,
        output_tokens_details: { reasoning_tokens: 2 },
        total_tokens: 16,
      },
    });
    expect(res).toEqual({
      id: 'resp_1',
      model: 'gpt-up',
      content: [
        { type: 'thinking', thinking: 'plan' },
        { type: 'text', text: 'ok' },
        { type: 'tool_use', id: 'call_7', name: 'ns__spawn', input: { a: 1 }, arguments: '{"a":1}' },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 10, outputTokens: 6, cacheReadTokens: 4, cacheWriteTokens: 0, reasoningTokens: 2 },
    });
  });

  it('incomplete for max_output_tokens is max_tokens', () => {
    expect(
      decodeResponsesResponse({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] }).stopReason,
    ).toBe('max_tokens');
  });
});

describe('encodeResponsesResponse', () => {
  it('an Anthropic answer with signed thinking and a tool call; the reasoning item goes back to Anthropic signed', () => {
    const upstream = decodeAnthropicResponse({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude',
      content: [
        { type: 'thinking', thinking: 'let me see', signature: 'SIG123' },
        { type: 'text', text: 'Running ls.' },
        { type: 'tool_use', id: 'toolu_1', name: 'exec_command', input: { cmd: 'ls' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 5, output_tokens: 9, cache_read_input_tokens: 20 },
    });
    const out = encodeResponsesResponse(upstream, { id: 'resp_abc', createdAt: 1, model: 'auto' });
    expect(out).toMatchObject({
      id: 'resp_abc',
      object: 'response',
      status: 'completed',
      output_text: 'Running ls.',
      usage: { input_tokens: 25, input_tokens_details: { cached_tokens: 20 }, output_tokens: 9, total_tokens: 34 },
    });
    expect(out.output.map((i) => i.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(out.output[2]).toEqual({
      type: 'function_call',
      id: 'fc_abc_2',
      call_id: 'toolu_1',
      name: 'exec_command',
      arguments: '{"cmd":"ls"}',
      status: 'completed',
    });

    // Codex sends the items back on the next turn, reasoning first (PROTOCOLS 8).
    const next = decodeResponsesRequest({
      model: 'auto',
      input: [
        { role: 'user', content: 'ls please' },
        ...(out.output as ResponsesItem[]),
        { type: 'function_call_output', call_id: 'toolu_1', output: 'a.txt' },
      ],
    });
    const anthropic = encodeAnthropicRequest(next);
    expect(anthropic.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'let me see', signature: 'SIG123' },
      { type: 'text', text: 'Running ls.' },
      { type: 'tool_use', id: 'toolu_1', name: 'exec_command', input: { cmd: 'ls' } },
    ]);
  });

  it('max_tokens is an incomplete response', () => {
    const out = encodeResponsesResponse(
      {
        id: 'x',
        model: 'm',
        content: [{ type: 'text', text: 'cut' }],
        stopReason: 'max_tokens',
        usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
      { id: 'resp_1', createdAt: 1, model: 'm' },
    );
    expect(out.status).toBe('incomplete');
    expect(out.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });
});

describe('shellFieldsJson', () => {
  const stringified = (opts: ResponsesResponseOptions) => {
    const { status: _s, incomplete_details: _i, output: _o, usage: _u, ...fixed } = responseShell(opts);
    return JSON.stringify(fixed).slice(1, -1);
  };
  it('is the shell without status, details, output and usage, byte for byte, for any id and model', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (id, model, createdAt) => {
        expect(shellFieldsJson({ id, model, createdAt })).toBe(stringified({ id, model, createdAt }));
      }),
    );
  });
  it('keeps echoed fields in their places', () => {
    const opts = { id: 'resp_1', model: 'm', createdAt: 5, echo: { tools: [{ type: 'function', name: 'f' }], instructions: 'be brief' } };
    expect(shellFieldsJson(opts)).toBe(stringified(opts));
    expect(JSON.parse(`{${shellFieldsJson(opts)}}`).instructions).toBe('be brief');
  });
});
