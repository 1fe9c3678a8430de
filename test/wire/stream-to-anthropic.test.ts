// OpenAI (or Anthropic) upstream streams re-framed for Anthropic clients: conformance 4, 5, 6, 12, 16.
import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from '@anthropic-ai/sdk-0';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from '../../src/wire/anthropic/stream-decoder.js';
import { AnthropicStreamEncoder } from '../../src/wire/anthropic/stream-encoder.js';
import { OpenAiStreamDecoder } from '../../src/wire/openai/stream-decoder.js';
import { anthropicText, anthropicUpstream, events, messageStart, openAiUpstream, pipe, sseResponse } from './helpers/streams.js';

const encoder = () => new AnthropicStreamEncoder({ id: 'msg_r1', model: 'claude-via-router', inputTokensEstimate: 900 });
const toAnthropic = (upstream: string) => pipe(new OpenAiStreamDecoder(), encoder(), upstream);
type Payload = Record<string, unknown> & { type: string };
const payloads = (text: string): Payload[] => events(text).map((e) => JSON.parse(e.data) as Payload);

/** Compact view of a client stream: one line per event. */
function shape(text: string): string[] {
  return payloads(text).map((p) => {
    const idx = p.index === undefined ? '' : ` ${String(p.index)}`;
    if (p.type === 'content_block_start') return `start${idx} ${(p.content_block as { type: string }).type}`;
    if (p.type === 'content_block_delta') {
      const d = p.delta as Record<string, string>;
      return `delta${idx} ${d.type}:${d.text ?? d.partial_json ?? d.thinking ?? d.signature}`;
    }
    if (p.type === 'content_block_stop') return `stop${idx}`;
    if (p.type === 'message_delta') return `message_delta ${String((p.delta as { stop_reason: string }).stop_reason)}`;
    if (p.type === 'error') return `error ${(p.error as { type: string }).type}`;
    return p.type;
  });
}

const textAndTool = openAiUpstream([
  { delta: { role: 'assistant', content: '' } },
  { delta: { content: 'Let me ' } },
  { delta: { content: 'check.' } },
  { delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '' } }] } },
  { delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] } },
  { delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] } },
  { finish: 'tool_calls' },
  { usage: { prompt_tokens: 1060, completion_tokens: 20, total_tokens: 1080, prompt_tokens_details: { cached_tokens: 1000 } } },
  null,
]);

describe('OpenAI upstream -> Anthropic client stream', () => {
  it('conformance 4: every event named, blocks complete in order 0, 1, then message_delta, message_stop', () => {
    const out = toAnthropic(textAndTool);
    const evs = events(out);
    expect(evs.every((e) => e.event === (JSON.parse(e.data) as Payload).type)).toBe(true);
    expect(shape(out)).toEqual([
      'message_start',
      'start 0 text',
      'delta 0 text_delta:Let me ',
      'delta 0 text_delta:check.',
      'stop 0',
      'start 1 tool_use',
      'delta 1 input_json_delta:{"a":',
      'delta 1 input_json_delta:1}',
      'stop 1',
      'message_delta tool_use',
      'message_stop',
    ]);
  });

  it('conformance 5: tool_use start carries id, name and input {}', () => {
    const start = payloads(toAnthropic(textAndTool)).find((p) => p.type === 'content_block_start' && p.index === 1);
    expect(start?.content_block).toEqual({ type: 'tool_use', id: 'call_1', name: 'get', input: {} });
  });

  it('conformance 16: message_start carries the estimate, message_delta the real input and cache counts', () => {
    const ps = payloads(toAnthropic(textAndTool));
    expect((ps[0]?.message as { usage: object }).usage).toEqual({
      input_tokens: 900,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    expect(ps.find((p) => p.type === 'message_delta')).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 60, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000 },
    });
  });

  it.each<[string, string, string[]]>([
    [
      'forced tool_choice: finish_reason "stop" with a tool call is still tool_use',
      openAiUpstream([
        { delta: { role: 'assistant' } },
        { delta: { tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] } },
        { finish: 'stop' },
        null,
      ]),
      ['message_start', 'start 0 tool_use', 'delta 0 input_json_delta:{"x":1}', 'stop 0', 'message_delta tool_use', 'message_stop'],
    ],
    [
      'arguments only at the end, name in a later fragment than the id',
      openAiUpstream([
        { delta: { role: 'assistant' } },
        { delta: { tool_calls: [{ index: 0, id: 'call_2', type: 'function' }] } },
        { delta: { tool_calls: [{ index: 0, function: { name: 'late' } }] } },
        { delta: { tool_calls: [{ index: 0, function: { arguments: '{"k":"v"}' } }] }, finish: 'tool_calls' },
        null,
      ]),
      ['message_start', 'start 0 tool_use', 'delta 0 input_json_delta:{"k":"v"}', 'stop 0', 'message_delta tool_use', 'message_stop'],
    ],
    [
      'conformance 6: truncated tool call reports max_tokens, not tool_use',
      openAiUpstream([
        { delta: { role: 'assistant' } },
        { delta: { tool_calls: [{ index: 0, id: 'call_3', type: 'function', function: { name: 'w', arguments: '{"path":"a.t' } }] } },
        { finish: 'length' },
        null,
      ]),
      ['message_start', 'start 0 tool_use', 'delta 0 input_json_delta:{"path":"a.t', 'stop 0', 'message_delta max_tokens', 'message_stop'],
    ],
    [
      'interleaved parallel calls are emitted one block at a time',
      openAiUpstream([
        { delta: { role: 'assistant' } },
        { delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{"x":' } }] } },
        { delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'b', arguments: '{"y":' } }] } },
        { delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] } },
        { delta: { tool_calls: [{ index: 1, function: { arguments: '2}' } }] } },
        { finish: 'tool_calls' },
        null,
      ]),
      [
        'message_start',
        'start 0 tool_use',
        'delta 0 input_json_delta:{"x":',
        'delta 0 input_json_delta:1}',
        'stop 0',
        'start 1 tool_use',
        'delta 1 input_json_delta:{"y":2}',
        'stop 1',
        'message_delta tool_use',
        'message_stop',
      ],
    ],
    [
      'sequential parallel calls stream live',
      openAiUpstream([
        { delta: { role: 'assistant' } },
        { delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{}' } }] } },
        { delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'b', arguments: '' } }] } },
        { delta: { tool_calls: [{ index: 1, function: { arguments: '{"y":2}' } }] } },
        { finish: 'tool_calls' },
        null,
      ]),
      [
        'message_start',
        'start 0 tool_use',
        'delta 0 input_json_delta:{}',
        'stop 0',
        'start 1 tool_use',
        'delta 1 input_json_delta:{"y":2}',
        'stop 1',
        'message_delta tool_use',
        'message_stop',
      ],
    ],
    [
      'text in the middle of a tool call waits until the call is complete',
      openAiUpstream([
        {
          delta: {
            role: 'assistant',
            tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{"x":' } }],
          },
        },
        { delta: { content: 'note' } },
        { delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] } },
        { finish: 'tool_calls' },
        null,
      ]),
      [
        'message_start',
        'start 0 tool_use',
        'delta 0 input_json_delta:{"x":',
        'delta 0 input_json_delta:1}',
        'stop 0',
        'start 1 text',
        'delta 1 text_delta:note',
        'stop 1',
        'message_delta tool_use',
        'message_stop',
      ],
    ],
    [
      'reasoning_content becomes a thinking block before the text',
      openAiUpstream([
        { delta: { role: 'assistant', reasoning_content: 'hmm' } },
        { delta: { reasoning_content: '...' } },
        { delta: { content: 'Answer' } },
        { finish: 'stop' },
        null,
      ]),
      [
        'message_start',
        'start 0 thinking',
        'delta 0 thinking_delta:hmm',
        'delta 0 thinking_delta:...',
        'stop 0',
        'start 1 text',
        'delta 1 text_delta:Answer',
        'stop 1',
        'message_delta end_turn',
        'message_stop',
      ],
    ],
    [
      'content_filter is a refusal',
      openAiUpstream([{ delta: { role: 'assistant', content: 'no' } }, { finish: 'content_filter' }, null]),
      ['message_start', 'start 0 text', 'delta 0 text_delta:no', 'stop 0', 'message_delta refusal', 'message_stop'],
    ],
    [
      'a server that omits [DONE] still finishes',
      openAiUpstream([{ delta: { role: 'assistant', content: 'ok' } }, { finish: 'stop' }]),
      ['message_start', 'start 0 text', 'delta 0 text_delta:ok', 'stop 0', 'message_delta end_turn', 'message_stop'],
    ],
    [
      'conformance 12: upstream drops mid-stream: event error, no message_stop',
      openAiUpstream([{ delta: { role: 'assistant', content: 'partial' } }]),
      ['message_start', 'start 0 text', 'delta 0 text_delta:partial', 'error api_error'],
    ],
    [
      'conformance 12: upstream error event mid-stream keeps its type',
      openAiUpstream([{ delta: { role: 'assistant', content: 'partial' } }]) +
        'data: {"error":{"message":"slow down","type":"rate_limit_exceeded"}}\n\n',
      ['message_start', 'start 0 text', 'delta 0 text_delta:partial', 'error rate_limit_error'],
    ],
    [
      '[DONE] without any finish_reason is an error, not end_turn',
      openAiUpstream([{ delta: { role: 'assistant', content: 'x' } }, null]),
      ['message_start', 'start 0 text', 'delta 0 text_delta:x', 'error api_error'],
    ],
  ])('%s', (_n, upstream, expected) => {
    expect(shape(toAnthropic(upstream))).toEqual(expected);
  });

  it('empty content deltas never open a block', () => {
    expect(
      shape(
        toAnthropic(openAiUpstream([{ delta: { role: 'assistant', content: '' } }, { delta: { content: '' } }, { finish: 'stop' }, null])),
      ),
    ).toEqual(['message_start', 'message_delta end_turn', 'message_stop']);
  });

  it('makes unsafe upstream tool ids safe for Anthropic clients', () => {
    const upstream = openAiUpstream([
      {
        delta: {
          role: 'assistant',
          tool_calls: [{ index: 0, id: 'functions.Read:0', type: 'function', function: { name: 'Read', arguments: '{}' } }],
        },
      },
      { finish: 'tool_calls' },
      null,
    ]);
    const start = payloads(toAnthropic(upstream)).find((p) => p.type === 'content_block_start');
    expect((start?.content_block as { id: string }).id).toMatch(/^[a-zA-Z0-9_-]+$/);
  });
});

describe('Anthropic upstream -> Anthropic client through the canonical form', () => {
  it('keeps thinking with its signature, redacted thinking, text and tool use', () => {
    const upstream = anthropicUpstream([
      messageStart({ input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50 }),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'plan' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'EmwK' } },
      { type: 'content_block_stop', index: 1 },
      ...anthropicText('Hello', 2),
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } },
      { type: 'message_stop' },
    ]);
    const out = pipe(new AnthropicStreamDecoder(), encoder(), upstream);
    expect(shape(out)).toEqual([
      'message_start',
      'start 0 thinking',
      'delta 0 thinking_delta:plan',
      'delta 0 signature_delta:EqQB',
      'stop 0',
      'start 1 redacted_thinking',
      'stop 1',
      'start 2 text',
      'delta 2 text_delta:Hello',
      'stop 2',
      'message_delta end_turn',
      'message_stop',
    ]);
    const ps = payloads(out);
    expect((ps[0]?.message as { usage: object }).usage).toEqual({
      input_tokens: 10,
      output_tokens: 1,
      cache_creation_input_tokens: 50,
      cache_read_input_tokens: 1000,
    });
    expect(ps.find((p) => p.type === 'message_delta')?.usage).toEqual({
      input_tokens: 10,
      output_tokens: 20,
      cache_creation_input_tokens: 50,
      cache_read_input_tokens: 1000,
    });
  });
});

describe('the official Anthropic SDKs accept the re-framed stream', () => {
  // The two SDK generations have incompatible generic signatures; the test needs only this much.
  interface StreamingClient {
    messages: {
      stream(body: object): {
        finalMessage(): Promise<{ content: unknown[]; stop_reason: string | null; usage: { input_tokens: number; output_tokens: number } }>;
      };
    };
  }
  const sdkCases: [string, (body: string) => StreamingClient][] = [
    [
      '1.x',
      (body) =>
        new Anthropic({
          apiKey: 'k',
          baseURL: 'http://127.0.0.1:9',
          fetch: async () => sseResponse(body),
          maxRetries: 0,
        }) as unknown as StreamingClient,
    ],
    [
      '0.x',
      (body) =>
        new Anthropic0({
          apiKey: 'k',
          baseURL: 'http://127.0.0.1:9',
          fetch: async () => sseResponse(body),
          maxRetries: 0,
        }) as unknown as StreamingClient,
    ],
  ];

  it.each(sdkCases)('finalMessage() with %s', async (_v, make) => {
    const client = make(toAnthropic(textAndTool));
    const msg = await client.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect(msg.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_1', name: 'get', input: { a: 1 } },
    ]);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.usage.input_tokens).toBe(60);
    expect(msg.usage.output_tokens).toBe(20);
  });

  it.each(sdkCases)('an in-stream error rejects finalMessage() with %s', async (_v, make) => {
    const client = make(toAnthropic(openAiUpstream([{ delta: { role: 'assistant', content: 'partial' } }])));
    await expect(
      client.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] }).finalMessage(),
    ).rejects.toThrow(/ended without a finish reason|finish reason/);
  });
});
