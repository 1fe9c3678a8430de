// Anthropic (or OpenAI) upstream streams re-framed for OpenAI clients: conformance 1, 2, 3, 12.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from '../../src/wire/anthropic/stream-decoder.js';
import { OpenAiStreamDecoder } from '../../src/wire/openai/stream-decoder.js';
import { OpenAiStreamEncoder, type OpenAiStreamOptions } from '../../src/wire/openai/stream-encoder.js';
import { anthropicText, anthropicUpstream, events, messageStart, openAiUpstream, pipe, sseResponse } from './helpers/streams.js';

const opts = (includeUsage: boolean): OpenAiStreamOptions => ({ id: 'chatcmpl-r1', created: 1732000000, model: 'auto', includeUsage });

const textThenTool = anthropicUpstream([
  messageStart({ input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50 }),
  { type: 'ping' },
  ...anthropicText('Let me check.'),
  { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_01', name: 'get', input: {} } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a": ' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } },
  { type: 'content_block_stop', index: 1 },
  { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } },
  { type: 'message_stop' },
]);

function chunks(text: string): Record<string, unknown>[] {
  return events(text)
    .filter((e) => e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data) as Record<string, unknown>);
}

describe('Anthropic upstream -> OpenAI client stream', () => {
  it('conformance 1: data-only lines, one id, role first, one finish_reason, [DONE] last', () => {
    const out = pipe(
      new AnthropicStreamDecoder(),
      new OpenAiStreamEncoder(opts(false)),
      anthropicUpstream([
        messageStart(),
        ...anthropicText('Hi there'),
        { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } },
        { type: 'message_stop' },
      ]),
    );
    const evs = events(out);
    expect(evs.every((e) => e.event === undefined)).toBe(true);
    expect(evs[evs.length - 1]?.data).toBe('[DONE]');
    const cs = chunks(out);
    expect(new Set(cs.map((c) => c.id))).toEqual(new Set(['chatcmpl-r1']));
    expect(cs.map((c) => (c.choices as { delta: object; finish_reason: string | null }[])[0])).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
      { index: 0, delta: { content: 'Hi there' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'stop' },
    ]);
  });

  it('conformance 2: the tool call gets index 0 although a text block came first', () => {
    const cs = chunks(pipe(new AnthropicStreamDecoder(), new OpenAiStreamEncoder(opts(false)), textThenTool));
    const deltas = cs.map((c) => (c.choices as { delta: { tool_calls?: unknown[] } }[])[0]?.delta);
    const toolDeltas = deltas.flatMap((d) => d?.tool_calls ?? []);
    expect(toolDeltas).toEqual([
      { index: 0, id: 'toolu_01', type: 'function', function: { name: 'get', arguments: '' } },
      { index: 0, function: { arguments: '{"a": ' } },
      { index: 0, function: { arguments: '1}' } },
    ]);
    expect(JSON.parse(toolDeltas.map((d) => (d as { function: { arguments: string } }).function.arguments).join(''))).toEqual({ a: 1 });
    expect(cs.map((c) => (c.choices as { finish_reason: string | null }[])[0]?.finish_reason).filter((f) => f !== null)).toEqual([
      'tool_calls',
    ]);
  });

  it('counts parallel tool calls 0, 1 with text and thinking blocks around them', () => {
    const upstream = anthropicUpstream([
      messageStart(),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'plan' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'content_block_stop', index: 0 },
      ...anthropicText('x', 1),
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_a', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_b', name: 'g', input: {} } },
      { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"b":2}' } },
      { type: 'content_block_stop', index: 3 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ]);
    const cs = chunks(pipe(new AnthropicStreamDecoder(), new OpenAiStreamEncoder({ ...opts(false), reasoningContent: true }), upstream));
    const deltas = cs.map((c) => (c.choices as { delta: Record<string, unknown> }[])[0]?.delta);
    expect(deltas).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'plan' },
      { content: 'x' },
      { tool_calls: [{ index: 0, id: 'toolu_a', type: 'function', function: { name: 'f', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{}' } }] },
      { tool_calls: [{ index: 1, id: 'toolu_b', type: 'function', function: { name: 'g', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{"b":2}' } }] },
      {},
    ]);
  });

  it.each([true, false])('conformance 3: include_usage=%s gives exactly one choices:[] chunk before [DONE] only when asked', (include) => {
    const out = pipe(new AnthropicStreamDecoder(), new OpenAiStreamEncoder(opts(include)), textThenTool);
    const evs = events(out);
    const usageChunks = chunks(out).filter((c) => (c.choices as unknown[]).length === 0);
    if (!include) {
      expect(usageChunks).toEqual([]);
      return;
    }
    expect(usageChunks).toHaveLength(1);
    expect(JSON.parse(evs[evs.length - 2]?.data as string)).toEqual({
      id: 'chatcmpl-r1',
      object: 'chat.completion.chunk',
      created: 1732000000,
      model: 'auto',
      choices: [],
      // conformance 16: Anthropic {input:10, cache_read:1000, cache_creation:50, output:20}
      usage: {
        prompt_tokens: 1060,
        completion_tokens: 20,
        total_tokens: 1080,
        prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 50 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it.each<[string, string, Record<string, unknown>]>([
    [
      'overload event after some text',
      anthropicUpstream([
        messageStart(),
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'par' } },
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      ]),
      { error: { message: 'Overloaded', type: 'server_error', param: null, code: 'server_is_overloaded' } },
    ],
    [
      'connection dropped after some text',
      anthropicUpstream([
        messageStart(),
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'par' } },
      ]),
      { error: { message: 'upstream stream ended before message_stop', type: 'server_error', param: null, code: 'stream_broken' } },
    ],
  ])('conformance 12: %s ends in a data:{"error"} line with no finish_reason and no [DONE]', (_n, upstream, lastError) => {
    const out = pipe(new AnthropicStreamDecoder(), new OpenAiStreamEncoder(opts(true)), upstream);
    const evs = events(out);
    expect(evs.some((e) => e.data === '[DONE]')).toBe(false);
    expect(JSON.parse(evs[evs.length - 1]?.data as string)).toEqual(lastError);
    const finishes = evs
      .slice(0, -1)
      .map((e) => (JSON.parse(e.data) as { choices: { finish_reason: string | null }[] }).choices[0]?.finish_reason);
    expect(finishes.every((f) => f === null)).toBe(true);
  });
});

describe('the official openai SDK accepts the re-framed stream', () => {
  it('finalChatCompletion reassembles text, tool call and usage', async () => {
    const body = pipe(new AnthropicStreamDecoder(), new OpenAiStreamEncoder(opts(true)), textThenTool);
    const client = new OpenAI({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', fetch: async () => sseResponse(body), maxRetries: 0 });
    const final = await client.chat.completions
      .stream({ model: 'auto', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Let me check.');
    expect(final.choices[0]?.message.tool_calls).toEqual([
      { id: 'toolu_01', type: 'function', function: { name: 'get', arguments: '{"a": 1}' } },
    ]);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.usage?.prompt_tokens).toBe(1060);
  });

  it('an in-stream error surfaces as an APIError', async () => {
    const body = pipe(
      new AnthropicStreamDecoder(),
      new OpenAiStreamEncoder(opts(false)),
      anthropicUpstream([messageStart(), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]),
    );
    const client = new OpenAI({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', fetch: async () => sseResponse(body), maxRetries: 0 });
    await expect(
      client.chat.completions.stream({ model: 'auto', messages: [{ role: 'user', content: 'x' }] }).finalChatCompletion(),
    ).rejects.toThrow(/Overloaded/);
  });
});

describe('OpenAI upstream -> OpenAI client through the canonical form', () => {
  it('keeps content, tool calls and finish', () => {
    const upstream = openAiUpstream([
      { delta: { role: 'assistant', content: '' } },
      { delta: { content: 'Hi' } },
      { delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '' } }] } },
      { delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] } },
      { finish: 'tool_calls' },
      { usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } },
      null,
    ]);
    const cs = chunks(pipe(new OpenAiStreamDecoder(), new OpenAiStreamEncoder(opts(false)), upstream));
    expect(cs.map((c) => (c.choices as { delta: object; finish_reason: string | null }[])[0])).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
      { index: 0, delta: { content: 'Hi' }, finish_reason: null },
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '' } }] },
        finish_reason: null,
      },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'tool_calls' },
    ]);
  });
});
