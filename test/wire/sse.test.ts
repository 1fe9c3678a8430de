import { describe, expect, it } from 'vitest';
import { NdjsonDecoder, SseDecoder, sseComment, sseData, type SseEvent } from '../../src/wire/sse.js';
import { WireError } from '../../src/wire/wire-error.js';

function decodeChunks(chunks: string[]): SseEvent[] {
  const d = new SseDecoder();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...d.push(c));
  out.push(...d.end());
  return out;
}

function everySplit(text: string): string[][] {
  const cases: string[][] = [[text]];
  for (let i = 1; i < text.length; i++) cases.push([text.slice(0, i), text.slice(i)]);
  cases.push([...text]);
  return cases;
}

describe('SseDecoder', () => {
  it.each<[string, string, SseEvent[]]>([
    ['one data event', 'data: {"a":1}\n\n', [{ data: '{"a":1}' }]],
    ['event name', 'event: message_start\ndata: {}\n\n', [{ event: 'message_start', data: '{}' }]],
    ['no space after colon', 'event:ping\ndata:x\n\n', [{ event: 'ping', data: 'x' }]],
    ['only one leading space stripped', 'data:  two\n\n', [{ data: ' two' }]],
    ['multi-line data joined with \\n', 'data: a\ndata: b\ndata:\n\n', [{ data: 'a\nb\n' }]],
    ['CRLF line ends', 'event: e\r\ndata: x\r\n\r\ndata: y\r\n\r\n', [{ event: 'e', data: 'x' }, { data: 'y' }]],
    ['CR line ends', 'data: x\r\rdata: y\r\r', [{ data: 'x' }, { data: 'y' }]],
    ['comments ignored', ': ping\n\n:keep-alive\ndata: z\n\n', [{ data: 'z' }]],
    ['id kept', 'id: 7\ndata: q\n\n', [{ id: '7', data: 'q' }]],
    ['event without data is not dispatched', 'event: ping\n\ndata: a\n\n', [{ data: 'a' }]],
    ['unknown fields and retry ignored', 'retry: 100\nfoo: bar\ndata: a\n\n', [{ data: 'a' }]],
    ['field without colon', 'data\n\n', [{ data: '' }]],
    ['[DONE]', 'data: {"x":1}\n\ndata: [DONE]\n\n', [{ data: '{"x":1}' }, { data: '[DONE]' }]],
    ['final event without blank line flushed at end', 'data: a\n\ndata: last', [{ data: 'a' }, { data: 'last' }]],
    ['data containing colons', 'data: {"u":"http://x"}\n\n', [{ data: '{"u":"http://x"}' }]],
  ])('%s', (_name, text, expected) => {
    for (const chunks of everySplit(text)) expect(decodeChunks(chunks)).toEqual(expected);
  });

  it('returns events as soon as their blank line arrives', () => {
    const d = new SseDecoder();
    expect(d.push('data: a\n')).toEqual([]);
    expect(d.push('\ndata: b')).toEqual([{ data: 'a' }]);
    expect(d.push('\r')).toEqual([]);
    expect(d.push('\n\r\n')).toEqual([{ data: 'b' }]);
    expect(d.end()).toEqual([]);
  });

  it('round-trips what sseData frames, at every split', () => {
    const text = sseData('{"type":"message_start"}', 'message_start') + sseComment('ping') + sseData('line1\nline2') + sseData('[DONE]');
    for (const chunks of everySplit(text)) {
      expect(decodeChunks(chunks)).toEqual([
        { event: 'message_start', data: '{"type":"message_start"}' },
        { data: 'line1\nline2' },
        { data: '[DONE]' },
      ]);
    }
  });
});

describe('sseData', () => {
  it.each<[string, string | undefined, string]>([
    ['{"a":1}', undefined, 'data: {"a":1}\n\n'],
    ['{"type":"ping"}', 'ping', 'event: ping\ndata: {"type":"ping"}\n\n'],
    ['a\nb', undefined, 'data: a\ndata: b\n\n'],
    ['a\r\nb', 'e', 'event: e\ndata: a\ndata: b\n\n'],
  ])('frames %j (event %s)', (data, event, expected) => {
    expect(sseData(data, event)).toBe(expected);
  });
});

describe('NdjsonDecoder', () => {
  it.each<[string, string[], unknown[]]>([
    ['lines split across chunks', ['{"a":', '1}\n{"b"', ':2}\n'], [{ a: 1 }, { b: 2 }]],
    ['CRLF and blank lines', ['{"a":1}\r\n\r\n{"b":2}\r\n'], [{ a: 1 }, { b: 2 }]],
    ['last line without newline', ['{"a":1}\n{"done":true}'], [{ a: 1 }, { done: true }]],
    ['error line', ['{"error":"boom"}\n'], [{ error: 'boom' }]],
  ])('%s', (_name, chunks, expected) => {
    const d = new NdjsonDecoder();
    const out: unknown[] = [];
    for (const c of chunks) out.push(...d.push(c));
    out.push(...d.end());
    expect(out).toEqual(expected);
  });

  it('throws a WireError naming the line on malformed JSON', () => {
    const d = new NdjsonDecoder();
    expect(d.push('{"a":1}\n')).toEqual([{ a: 1 }]);
    let caught: unknown;
    try {
      d.push('{"a":\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WireError);
    expect((caught as WireError).code).toBe('malformed_ndjson');
    expect((caught as WireError).message).toContain('line 2');
  });

  it('throws at end() for a truncated final line', () => {
    const d = new NdjsonDecoder();
    d.push('{"a":');
    expect(() => d.end()).toThrow(WireError);
  });
});
