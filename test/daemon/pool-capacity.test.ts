// providers.<id>.connections caps the pool to one provider, and a request waiting for a free
// connection spends its first-byte budget: past it, it fails over instead of queueing. The fake
// upstream sends its status and headers at once and holds the body until released, so the two
// pooled requests keep their connections without timing out.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let held: ServerResponse[] = [];
const waiters: Array<() => void> = [];
let slowUrl = '';
const slow = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    held.push(res);
    waiters.splice(0).forEach((w) => w());
  });
});
let b: FakeUpstream;
let d: RunningDaemon;

beforeAll(async () => {
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/v1`;
  b = await startFakeUpstream();
  b.script({ kind: 'text', text: 'answer from b' });
  d = await startDaemon(`
providers:
  a: { type: openai-compatible, baseUrl: "${slowUrl}", connections: 2, firstByteTimeoutMs: 400 }
  b: { type: openai-compatible, baseUrl: "${b.url}" }
routes:
  main: { strategy: ordered, targets: [a/model-a, b/model-b] }
defaultRoute: main
`);
});
afterAll(async () => {
  await d?.stop();
  await b?.close();
  slow.closeAllConnections();
  await new Promise((r) => slow.close(r));
});

const heldCount = (n: number) =>
  new Promise<void>((resolve) => {
    const check = () => (held.length >= n ? resolve() : waiters.push(check));
    check();
  });

const completion = JSON.stringify({
  id: 'chatcmpl-a',
  object: 'chat.completion',
  created: 1,
  model: 'model-a',
  choices: [{ index: 0, message: { role: 'assistant', content: 'answer from a' }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

describe('a provider pool of 2 connections', () => {
  it('5 concurrent requests: 2 are served by a, the 3 queued ones fail over to b at the first-byte deadline', async () => {
    held = [];
    const answers = Array.from({ length: 5 }, () =>
      fetch(`${d.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }),
      }).then(async (res) => ({
        target: res.headers.get('x-router-target'),
        status: res.status,
        text: await res.text(),
      })),
    );
    await heldCount(2);
    // The three requests behind the full pool come back from b while a still holds its two.
    const settled: Array<{ target: string | null; status: number; text: string }> = [];
    const fromB = new Promise<void>((resolve) => {
      for (const p of answers)
        void p.then((r) => {
          settled.push(r);
          if (settled.length === 3) resolve();
        });
    });
    await fromB;
    expect(settled.map((r) => r.target)).toEqual(['b/model-b', 'b/model-b', 'b/model-b']);
    expect(settled.every((r) => r.status === 200 && r.text.includes('answer from b'))).toBe(true);
    for (const res of held) res.end(completion);
    const all = await Promise.all(answers);
    expect(all.filter((r) => r.target === 'a/model-a' && r.text.includes('answer from a'))).toHaveLength(2);
    // The queued requests were never sent to a.
    expect(held).toHaveLength(2);
  });
});
