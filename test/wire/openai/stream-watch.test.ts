import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenAiStreamWatch, type StreamInspection } from '../../../src/wire/openai/stream-watch.js';

const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
const usageChunk = JSON.stringify({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [],
  usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8, prompt_tokens_details: { cached_tokens: 2 } },
});

const ok = (content = false): StreamInspection => ({ forward: true, content, terminal: false });

describe('OpenAiStreamWatch', () => {
  it.each<[string, boolean, string[], StreamInspection[]]>([
    [
      'text stream, client did not ask for usage',
      false,
      [
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hi' }),
        chunk({ content: '!' }),
        chunk({}, 'stop'),
        usageChunk,
        '[DONE]',
      ],
      [ok(), ok(true), ok(), ok(), { forward: false, content: false, terminal: false }, { forward: true, content: false, terminal: true }],
    ],
    ['usage chunk forwarded when asked', true, [usageChunk], [ok()]],
    [
      'tool call is content',
      false,
      [
        chunk({ role: 'assistant' }),
        chunk({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '' } }] }),
      ],
      [ok(), ok(true)],
    ],
    ['reasoning is content', false, [chunk({ reasoning_content: 'hmm' })], [ok(true)]],
    ['refusal is content', false, [chunk({ refusal: 'no' })], [ok(true)]],
    ['empty tool_calls and null content are not', false, [chunk({ content: null, tool_calls: [] })], [ok()]],
    [
      'error event',
      false,
      [chunk({ content: 'a' }), JSON.stringify({ error: { message: 'overloaded', type: 'server_error', code: 'server_is_overloaded' } })],
      [
        ok(true),
        {
          forward: true,
          content: false,
          terminal: true,
          error: { message: 'overloaded', type: 'server_error', code: 'server_is_overloaded' },
        },
      ],
    ],
    [
      'malformed JSON',
      false,
      ['{"id":'],
      [
        {
          forward: false,
          content: false,
          terminal: true,
          error: { message: 'upstream sent malformed stream data: {"id":', type: 'stream_broken' },
        },
      ],
    ],
    ['empty choices without usage is forwarded', false, [JSON.stringify({ id: 'c', choices: [] })], [ok()]],
  ])('%s', (_n, wantsUsage, events, expected) => {
    const w = new OpenAiStreamWatch(wantsUsage);
    expect(events.map((data) => w.inspect({ data }))).toEqual(expected);
  });

  it('records finish reason, usage, [DONE] and content', () => {
    const w = new OpenAiStreamWatch(false);
    expect([w.finishReason, w.usage, w.sawDone, w.sawContent]).toEqual([null, null, false, false]);
    for (const data of [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'x' }),
      chunk({}, 'length', { usage: null }),
      usageChunk,
      '[DONE]',
    ])
      w.inspect({ data });
    expect(w.finishReason).toBe('length');
    expect(w.usage).toEqual({ inputTokens: 5, outputTokens: 3, cacheReadTokens: 2, cacheWriteTokens: 0, reasoningTokens: 0 });
    expect(w.sawDone).toBe(true);
    expect(w.sawContent).toBe(true);
  });

  it('reads usage carried on the finish chunk by compatible servers', () => {
    const w = new OpenAiStreamWatch(false);
    expect(w.inspect({ data: chunk({}, 'stop', { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }) })).toEqual(ok());
    expect(w.usage?.outputTokens).toBe(2);
  });

  it('after content, still sees finish, usage and errors written with spaces, and a malformed tail', () => {
    const w = new OpenAiStreamWatch(false);
    w.inspect({ data: chunk({ content: 'x' }, null, { usage: null }) });
    expect(w.inspect({ data: '{"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}], "usage": null}' })).toEqual(ok());
    expect(w.finishReason).toBe('tool_calls');
    expect(w.inspect({ data: '{"choices": [], "usage": {"prompt_tokens": 4, "completion_tokens": 1, "total_tokens": 5}}' })).toEqual({
      forward: false,
      content: false,
      terminal: false,
    });
    expect(w.usage?.inputTokens).toBe(4);
    expect(w.inspect({ data: '{"error": {"message": "gone"}}' }).error).toEqual({ message: 'gone' });
    expect(w.inspect({ data: '{"choices": [{"delta": {"content": "cut' }).error?.type).toBe('stream_broken');
  });

  it('reads plain text and finish chunks without a parse, as the parse would (property)', () => {
    // The compact form takes the unparsed path; the same chunk written with spaces cannot, so it is parsed.
    const text = fc.oneof(fc.constant(''), fc.string(), fc.constantFrom('\n', '"', '\\', '\u0000', 'é', '😀'));
    const finish = fc.constantFrom(null, 'stop', 'length', 'tool_calls');
    const textChunk = fc
      .record({ role: fc.boolean(), content: text, usageNull: fc.boolean(), finish, emptyDelta: fc.boolean() })
      .map(({ role, content, usageNull, finish, emptyDelta }) => ({
        id: 'c1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: emptyDelta ? {} : role ? { role: 'assistant', content } : { content }, finish_reason: finish }],
        ...(usageNull ? { usage: null } : {}),
      }));
    fc.assert(
      fc.property(fc.array(textChunk, { minLength: 1, maxLength: 4 }), (chunks) => {
        const fast = new OpenAiStreamWatch(false);
        const parsed = new OpenAiStreamWatch(false);
        for (const c of chunks) {
          expect(fast.inspect({ data: JSON.stringify(c) })).toEqual(parsed.inspect({ data: JSON.stringify(c, null, 1) }));
          expect(fast.sawContent).toBe(parsed.sawContent);
          expect(fast.finishReason).toBe(parsed.finishReason);
        }
      }),
    );
  });
});
