// readBody on its own, over a stand-in for the request stream: the text arrives whole, and once it
// has, nothing of readBody's stays on the request (a listener left there holds the promise, and the
// promise the text, for the request's whole life), while an error after the end still has a listener.
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, readBody } from '../../src/daemon/http/body.js';

function request(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

describe('readBody', () => {
  it('gives the text across chunks, UTF-8 split between them included', async () => {
    const req = request();
    const text = readBody(req, 1_000, 1_000);
    const bytes = Buffer.from('{"q":"naïve — ok"}');
    req.write(bytes.subarray(0, 9));
    req.end(bytes.subarray(9));
    await expect(text).resolves.toBe('{"q":"naïve — ok"}');
  });

  it('leaves no listener of its own on the request once the body is read, and a late error is harmless', async () => {
    const req = request();
    const before = { data: req.listenerCount('data'), end: req.listenerCount('end'), error: req.listenerCount('error') };
    const text = readBody(req, 1_000, 1_000);
    req.end('{"a":1}');
    await text;
    expect(req.listenerCount('data')).toBe(before.data);
    expect(req.listenerCount('end')).toBe(before.end);
    // One error listener stays, and it is not the one that rejects: that one holds the promise.
    expect(req.listenerCount('error')).toBe(before.error + 1);
    expect(() => req.emit('error', new Error('reset after the end'))).not.toThrow();
  });

  it('refuses a body over the limit', async () => {
    const req = request();
    const text = readBody(req, 4, 1_000);
    req.write('12345');
    await expect(text).rejects.toBeInstanceOf(BodyTooLarge);
  });
});
