// The splice's pieces on their own: what a broken stream had sent (text only, or nothing to
// continue), and a client encoder primed with it that carries on the same stream.
import { describe, expect, it } from 'vitest';
import { AnthropicStreamEncoder } from '../../src/wire/anthropic/stream-encoder.js';
import { OpenAiStreamEncoder } from '../../src/wire/openai/stream-encoder.js';
import { continuationRelay, extendSent, sentSoFar } from '../../src/daemon/relay/splice.js';
import { replayDecoder } from '../../src/daemon/relay/upstream-codecs.js';
import type { CanonicalRequest } from '../../src/wire/canonical.js';
import type { RelayContext } from '../../src/daemon/relay/context.js';
import { makeConfig } from '../engine/config-fixture.js';

const oa = (delta: object) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

describe('sentSoFar', () => {
  it('reads the text of a broken OpenAI stream up to the break, a half event left out', () => {
    const sent = sentSoFar(
      [oa({ role: 'assistant', content: '' }), oa({ content: 'Hello ' }), oa({ content: 'wor' }), 'data: {"id":"c","cho'],
      replayDecoder('openai'),
    );
    expect(sent?.text).toBe('Hello wor');
  });

  it('stops at a malformed event, as the client did', () => {
    const sent = sentSoFar(
      [oa({ role: 'assistant', content: '' }), oa({ content: 'Hi' }), 'data: {not json\n\n', oa({ content: ' never sent' })],
      replayDecoder('openai'),
    );
    expect(sent?.text).toBe('Hi');
  });

  it('a half tool call cannot be continued', () => {
    const sent = sentSoFar(
      [
        oa({ role: 'assistant', content: '' }),
        oa({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] }),
      ],
      replayDecoder('openai'),
    );
    expect(sent).toBeNull();
  });

  it('nor a thinking block (Anthropic)', () => {
    const ev = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
    const chunks = [
      ev('message_start', {
        message: { id: 'msg', type: 'message', role: 'assistant', content: [], model: 'm', usage: { input_tokens: 1, output_tokens: 1 } },
      }),
      ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
      ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
    ];
    expect(sentSoFar(chunks, replayDecoder('anthropic'))).toBeNull();
  });

  it('grows by a continuation that broke in turn, its leading space dropped once', () => {
    const sent = sentSoFar([oa({ role: 'assistant', content: '' }), oa({ content: 'a b ' })], replayDecoder('openai'));
    const more = { text: ' c d', events: [] };
    expect(extendSent(sent!, more, true).text).toBe('a b c d');
  });
});

const config = makeConfig({ providers: { f: 'openai-compatible' } });

describe('the splice encoder', () => {
  const req: CanonicalRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true } as CanonicalRequest;
  const ctx = { requestId: 'r1', now: () => 0, config: () => config, adapters: () => new Map() } as unknown as RelayContext;
  const sent = sentSoFar([oa({ role: 'assistant', content: '' }), oa({ content: 'one two ' })], replayDecoder('openai'))!;
  const upstream = [
    oa({ role: 'assistant', content: '' }),
    oa({ content: ' three' }),
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    'data: [DONE]\n\n',
  ];

  it('Anthropic client: no second message_start, the text joins block 0, the stream ends whole', () => {
    const codec = { encodeJson: () => '', streamEncoder: () => new AnthropicStreamEncoder({ id: 'msg_r1', model: 'm2' }) };
    const relay = continuationRelay(req, 'openai', codec, ctx, sent, { prefill: 'one two', dropLeadingSpace: true });
    const session = relay.stream({ id: 'f/m2', provider: 'f', model: 'm2' });
    const out = upstream.map((c) => session.push(c).out).join('') + session.end().out;
    expect(out).not.toContain('message_start');
    expect(out).not.toContain('content_block_start');
    expect(out).toContain('"index":0,"delta":{"type":"text_delta","text":"three"}');
    expect(out).toMatch(/content_block_stop[^\n]*\n[^\n]*"index":0/);
    expect(out.trimEnd().endsWith('data: {"type":"message_stop"}')).toBe(true);
  });

  it('OpenAI client: no second role chunk, then finish and [DONE]', () => {
    const codec = {
      encodeJson: () => '',
      streamEncoder: () => new OpenAiStreamEncoder({ id: 'chatcmpl-r1', created: 0, model: 'm2', includeUsage: false }),
    };
    const relay = continuationRelay(req, 'openai', codec, ctx, sent, { prefill: 'one two', dropLeadingSpace: true });
    const body = relay.upstreamBody({ id: 'f/m2', provider: 'f', model: 'm2' }) as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'one two', prefix: true });
    expect(body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    const session = relay.stream({ id: 'f/m2', provider: 'f', model: 'm2' });
    const out = upstream.map((c) => session.push(c).out).join('') + session.end().out;
    expect(out).not.toContain('"role"');
    expect(out).toContain('"content":"three"');
    expect(out.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
