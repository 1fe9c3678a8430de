import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from '../../src/wire/anthropic/stream-decoder.js';
import { OpenAiStreamDecoder } from '../../src/wire/openai/stream-decoder.js';
import { encodeOpenAiResponse } from '../../src/wire/openai/response-codec.js';
import { StreamCollector } from '../../src/wire/stream-collect.js';
import { anthropicText, anthropicUpstream, decodeAll, messageStart, openAiUpstream } from './helpers/streams.js';

function collect(events: ReturnType<typeof decodeAll>) {
  const c = new StreamCollector();
  for (const e of events) c.push(e);
  return c.result();
}

describe('StreamCollector', () => {
  it('folds an OpenAI stream into the response a non-streaming client expects', () => {
    const upstream = openAiUpstream([
      { delta: { role: 'assistant', content: 'Hi ' } },
      { delta: { content: 'there' } },
      { delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"a"' } }] } },
      { delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] } },
      { finish: 'tool_calls' },
      { usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } },
      null,
    ]);
    const r = collect(decodeAll(new OpenAiStreamDecoder(), upstream));
    expect(r).toEqual({
      ok: true,
      response: {
        id: 'chatcmpl-up',
        model: 'up-model',
        content: [
          { type: 'text', text: 'Hi there' },
          { type: 'tool_use', id: 'call_1', name: 'get', input: { a: 1 }, arguments: '{"a":1}' },
        ],
        stopReason: 'tool_use',
        usage: { inputTokens: 7, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
    });
    if (r?.ok === true) expect(encodeOpenAiResponse(r.response, { id: 'c', created: 1, model: 'm' }).choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe('{"a":1}');
  });

  it('keeps thinking signatures from Anthropic', () => {
    const upstream = anthropicUpstream([
      messageStart(),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'a' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'S' } },
      { type: 'content_block_stop', index: 0 },
      ...anthropicText('b', 1),
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } },
      { type: 'message_stop' },
    ]);
    const r = collect(decodeAll(new AnthropicStreamDecoder(), upstream));
    expect(r?.ok === true && r.response.content).toEqual([
      { type: 'thinking', thinking: 'a', signature: 'S' },
      { type: 'text', text: 'b' },
    ]);
  });

  it.each<[string, string, unknown]>([
    ['error', openAiUpstream([{ delta: { content: 'x' } }]), { ok: false, error: { type: 'api_error', code: 'stream_broken', message: 'upstream stream ended without a finish reason' } }],
  ])('reports %s', (_n, upstream, expected) => {
    expect(collect(decodeAll(new OpenAiStreamDecoder(), upstream))).toEqual(expected);
  });

  it('is null until the stream ends', () => {
    const c = new StreamCollector();
    c.push({ type: 'start', id: 'i', model: 'm' });
    expect(c.result()).toBeNull();
  });
});
