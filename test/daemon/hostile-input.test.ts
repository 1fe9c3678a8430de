// Hostile input against a real daemon: deeply nested JSON, malformed HTTP on raw sockets, uploads
// over the size limit, clients that hang up mid-upload. Each is the client's fault: a 4xx in the
// client's format (or a bare 400/431 for broken HTTP), no upstream call, no target charged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { rawConnect, rawRequest, statusLine } from '../helpers/raw-http.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let a: FakeUpstream;
let d: RunningDaemon;

beforeAll(async () => {
  a = await startFakeUpstream();
  a.script({ kind: 'text', text: 'answer from a' });
  d = await startDaemon(`
providers:
  a: { type: openai-compatible, baseUrl: "${a.url}" }
routes:
  main: { targets: [a/model-a] }
defaultRoute: main
circuit: { failures: 2, windowSeconds: 60, openSeconds: 600 }
limits: { maxBodyBytes: 200000 }
`);
});
afterAll(async () => {
  await d?.stop();
  await a?.close();
});

/** `{"a":{"a":…1…}}`, built as text: a 10,000-deep value is too deep for JSON.stringify's recursion to be a fair test helper. */
const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

async function post(path: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${d.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("deeply nested JSON is the client's 400", () => {
  const messages = '[{"role":"user","content":"hi"}]';
  it.each([
    [
      'OpenAI tool parameters',
      '/v1/chat/completions',
      `{"model":"main","messages":${messages},"tools":[{"type":"function","function":{"name":"f","parameters":${deep(10_000)}}}]}`,
    ],
    [
      'OpenAI message content',
      '/v1/chat/completions',
      `{"model":"main","messages":[{"role":"user","content":[{"type":"text","text":"x","extra":${deep(10_000)}}]}]}`,
    ],
  ])('%s: 400 in OpenAI format, nothing sent upstream', async (_name, path, body) => {
    const before = a.received.length;
    const r = await post(path, body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('nests deeper than 100') } });
    expect(a.received.length).toBe(before);
  });

  it.each([
    [
      'input_schema',
      '/v1/messages',
      `{"model":"main","max_tokens":10,"messages":${messages},"tools":[{"name":"f","input_schema":${deep(10_000)}}]}`,
    ],
    [
      'tool_use.input',
      '/v1/messages',
      `{"model":"main","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":${deep(10_000)}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"}]}]}`,
    ],
    [
      'count_tokens',
      '/v1/messages/count_tokens',
      `{"model":"main","messages":${messages},"tools":[{"name":"f","input_schema":${deep(10_000)}}]}`,
    ],
  ])('Anthropic %s: 400 in Anthropic format, nothing sent upstream', async (_name, path, body) => {
    const before = a.received.length;
    const r = await post(path, body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('nests deeper than 100') },
    });
    expect(a.received.length).toBe(before);
  });

  it('none of them touched a breaker, a cooldown or a failure count', async () => {
    const rpc = await DaemonClient.connect(d.socket);
    try {
      const { circuits, cooldowns } = await rpc.call('circuit.list');
      expect(cooldowns).toEqual([]);
      for (const c of circuits) expect(c).toMatchObject({ state: 'closed', recentFailures: 0 });
    } finally {
      rpc.close();
    }
  });

  it('a hundred levels is still fine, and the target is healthy after all of the above', async () => {
    const r = await post(
      '/v1/chat/completions',
      `{"model":"main","messages":${messages},"tools":[{"type":"function","function":{"name":"f","parameters":${deep(90)}}}]}`,
    );
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.json)).toContain('answer from a');
  });
});

describe('malformed HTTP gets an answer, not a dropped socket', () => {
  it.each([
    ['a bad header line', 'GET /healthz HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n', 'HTTP/1.1 400 Bad Request'],
    [
      'headers over the limit',
      `GET /healthz HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
      'HTTP/1.1 431 Request Header Fields Too Large',
    ],
    [
      'bad chunked encoding',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      'HTTP/1.1 400 Bad Request',
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'HTTP/1.1 400 Bad Request',
    ],
  ])('%s', async (_name, bytes, expected) => {
    const text = await rawRequest(d.url, bytes);
    expect(statusLine(text)).toBe(expected);
    expect(text.toLowerCase()).toContain('connection: close');
  });
});

describe('uploads over maxBodyBytes are answered before they are drained', () => {
  const head = (extra: string) => `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${extra}\r\n`;
  const fullResponse = (t: string) => {
    const end = t.indexOf('\r\n\r\n');
    const len = /content-length: (\d+)/i.exec(t)?.[1];
    return end !== -1 && len !== undefined && t.length >= end + 4 + Number(len);
  };

  it.each([
    ['a declared Content-Length over the limit', head('Content-Length: 5000000\r\n')],
    ['a chunked upload that grows past the limit', head('Transfer-Encoding: chunked\r\n')],
  ])('%s: 413, then the server closes while the client is still uploading', async (name, h) => {
    const c = await rawConnect(d.url);
    c.socket.write(h);
    const piece = 'x'.repeat(8192);
    // Write well past the limit but never finish the upload: the 413 must not wait for the rest.
    for (let i = 0; i < 32; i++) c.socket.write(name.includes('chunked') ? `${piece.length.toString(16)}\r\n${piece}\r\n` : piece);
    const answered = await c.answer(fullResponse);
    expect(statusLine(answered)).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answered.toLowerCase()).toContain('connection: close');
    expect(answered).toContain('request_too_large');
    // The server hangs up instead of reading the rest of the upload.
    await c.answer();
    expect(c.socket.readableEnded || c.socket.destroyed).toBe(true);
  });

  it('an HTTP client uploading far past the limit reads its 413, never a write EPIPE', async () => {
    // Before, the router answered and reset the connection with the upload unread: most tries failed with EPIPE.
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${d.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(5_000_000),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'request_too_large' } });
    }
  });

  it('Expect: 100-continue with a Content-Length over the limit: 413 instead of 100 Continue', async () => {
    const c = await rawConnect(d.url);
    c.socket.write(head('Content-Length: 5000000\r\nExpect: 100-continue\r\n'));
    const answered = await c.answer(fullResponse);
    expect(statusLine(answered)).toBe('HTTP/1.1 413 Payload Too Large');
    c.socket.destroy();
  });
});

describe('a client that hangs up mid-upload', () => {
  it('is logged once as a client abort at info, without a stack', async () => {
    // A path no other test here uses, so its log lines are this test's own.
    const path = '/messages?beta=true';
    const c = await rawConnect(d.url);
    c.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":`);
    // The daemon has the request once the healthz on another connection is answered after it.
    await fetch(`${d.url}/healthz`);
    c.socket.destroy();
    const log = join(d.home, 'routerd.log');
    const ours = (): Array<Record<string, unknown>> =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.path === path);
    while (ours().length === 0) await new Promise((r) => setTimeout(r, 25));
    // Anything else the hang-up logs would be written by now: another request has been served since.
    await fetch(`${d.url}/healthz`);
    const lines = ours();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'http.client_abort' });
    expect(lines[0]).not.toHaveProperty('stack');
  });
});

describe('slow uploads', () => {
  let slow: RunningDaemon;
  beforeAll(async () => {
    slow = await startDaemon(`
providers:
  a: { type: openai-compatible, baseUrl: "${a.url}" }
routes:
  main: { targets: [a/model-a] }
limits: { bodyTimeoutMs: 300 }
`);
  });
  afterAll(async () => {
    await slow?.stop();
  });

  it('a body that does not arrive within limits.bodyTimeoutMs gets a 408 and the connection closes', async () => {
    const c = await rawConnect(slow.url);
    c.socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":',
    );
    const text = await c.answer();
    expect(statusLine(text)).toBe('HTTP/1.1 408 Request Timeout');
    expect(text.toLowerCase()).toContain('connection: close');
    expect(text).toContain('request body did not arrive within 300 ms');
  });
});
