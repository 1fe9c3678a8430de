// The OpenAI stream decoder skips JSON.parse for plain text-delta and finish chunks. Whatever a chunk holds,
// the events must be exactly those of the full decoder: each chunk is also sent with one unknown
// field added, which the fast path never matches, and both streams must decode alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenAiStreamDecoder } from '../../../src/wire/openai/stream-decoder.js';
import type { CanonicalStreamEvent } from '../../../src/wire/canonical.js';

const meta = fc.record(
  {
    system_fingerprint: fc.oneof(fc.constant(null), fc.stringMatching(/^fp_[a-z0-9]{0,8}$/)),
    service_tier: fc.constant('default'),
    usage: fc.constant(null),
    obfuscation: fc.stringMatching(/^[A-Za-z0-9]{0,6}$/),
  },
  { requiredKeys: [] },
);
// Text with quotes, backslashes, control characters, lone surrogates and astral characters.
const content = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', '\ud83d', '😀', 'a\\"b'),
);
const chunkBody = fc.record({
  meta,
  role: fc.boolean(),
  // The finish chunk's shape: an empty delta.
  emptyDelta: fc.boolean(),
  logprobs: fc.boolean(),
  content,
  finish: fc.constantFrom(null, null, null, 'stop', 'length', 'tool_calls', 'content_filter'),
});

type ChunkBody = typeof chunkBody extends fc.Arbitrary<infer T> ? T : never;

function chunk(c: ChunkBody, extra: boolean): string {
  const delta = c.emptyDelta ? {} : c.role ? { role: 'assistant', content: c.content } : { content: c.content };
  const choice = c.logprobs ? { index: 0, delta, logprobs: null, finish_reason: c.finish } : { index: 0, delta, finish_reason: c.finish };
  const body: Record<string, unknown> = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 7,
    model: 'm',
    ...c.meta,
    choices: [choice],
  };
  if (extra) body.x_unknown = 1;
  return JSON.stringify(body);
}

function decode(datas: string[]): CanonicalStreamEvent[] {
  const d = new OpenAiStreamDecoder();
  const out: CanonicalStreamEvent[] = [];
  for (const data of datas) out.push(...d.push({ data }));
  out.push(...d.end());
  return out;
}

describe('OpenAI stream decoder fast path', () => {
  it('decodes every chunk exactly as the full decoder does', () => {
    fc.assert(
      fc.property(fc.array(chunkBody, { minLength: 1, maxLength: 6 }), (chunks) => {
        const fast = decode([...chunks.map((c) => chunk(c, false)), '[DONE]']);
        const full = decode([...chunks.map((c) => chunk(c, true)), '[DONE]']);
        expect(fast).toEqual(full);
      }),
      { numRuns: 500 },
    );
  });

  it('takes the text of an escaped chunk and refuses an invalid one like the full decoder', () => {
    const first = chunk({ meta: {}, role: true, emptyDelta: false, logprobs: false, content: '', finish: null }, false);
    const escaped =
      '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a\\nb\\u00e9\\"c"},"finish_reason":null}]}';
    const texts = decode([first, escaped, '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}', '[DONE]']).filter(
      (e) => e.type === 'text_delta',
    );
    expect(texts).toEqual([{ type: 'text_delta', index: 0, text: 'a\nbé"c' }]);

    const badEscape = escaped.replace('\\n', '\\q');
    const evs = decode([first, badEscape]);
    expect(evs.at(-1)).toEqual({
      type: 'error',
      error: { type: 'api_error', code: 'stream_broken', message: 'upstream sent malformed stream data' },
    });
  });
});
