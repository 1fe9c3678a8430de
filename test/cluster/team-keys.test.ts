// Three daemons on one Redis act as one router for virtual keys, their limits, providers' rpm and
// the response cache: a key made on one works on all and a revoke reaches all within a second; a
// key's rpm and budget hold exactly across daemons under concurrent load; a provider's rpm is one
// limit for the cluster; an answer one daemon cached is a hit (whole and streamed) on another.
// Real daemons, real Redis (random cluster name, keys deleted after), a real fake upstream.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyDTO, KeySecretDTO } from '../../src/protocol/index.js';
import { echoAnswer } from '../helpers/echo-upstream.js';
import { connectRedis, deleteKeys, REDIS_URL, redisMissing } from '../helpers/redis.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { waitFor } from '../helpers/wait.js';

const missing = await redisMissing();
const name = `t-${randomBytes(4).toString('hex')}`;
let up: ScriptedUpstream;
let limited: ScriptedUpstream;
let slow: ScriptedUpstream;
const daemons: RunningDaemon[] = [];

// $1000 per million tokens: each echo answer (30 tokens) costs exactly $0.03.
const config = (daemon: string) => `
auth: { required: true }
cache: { enabled: true, ttlSeconds: 600 }
providers:
  oa: { type: openai-compatible, baseUrl: "${up.origin}/v1" }
  lim: { type: openai-compatible, baseUrl: "${limited.origin}/v1", rpm: 5, queueTimeoutMs: 100 }
  slow: { type: openai-compatible, baseUrl: "${slow.origin}/v1" }
models:
  oa/gpt-fake: { price: { input: 1000, output: 1000 } }
  lim/gpt-lim: { price: { input: 1000, output: 1000 } }
  slow/gpt-slow: { price: { input: 1000, output: 1000 } }
routes:
  main: { strategy: ordered, targets: [oa/gpt-fake], cache: true }
  other: { strategy: ordered, targets: [oa/gpt-fake] }
  spill: { strategy: ordered, targets: [lim/gpt-lim, oa/gpt-fake] }
  held: { strategy: ordered, targets: [slow/gpt-slow] }
defaultRoute: main
cluster: { redis: "${REDIS_URL}", name: ${name}, daemon: ${daemon} }
`;

async function json<T>(d: RunningDaemon, args: string[]): Promise<T> {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode ?? 0, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

function chat(d: RunningDaemon, key: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'other', messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
}

/** A key made on one daemon, once every daemon knows it (a bus notice away: milliseconds). */
async function createKey(on: RunningDaemon, ...args: string[]): Promise<KeySecretDTO> {
  const k = await json<KeySecretDTO>(on, ['keys', 'create', ...args]);
  for (const d of daemons) await waitFor(async () => (await cli(d.home, ['keys', 'show', args[0]!, '--json'])).exitCode === 0, 1000);
  return k;
}

/** Each request goes to the next daemon in turn, all at once; the statuses (and headers) come back. */
async function burst(key: string, n: number, body: (i: number) => Record<string, unknown>) {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const r = await chat(daemons[i % daemons.length]!, key, body(i));
      await r.arrayBuffer();
      return { status: r.status, retryAfter: r.headers.get('retry-after'), target: r.headers.get('x-router-target') };
    }),
  );
}

/** Starts right after a minute boundary when the current minute is nearly over, so a burst stays in one window. */
async function roomInWindow(ms = 10_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await new Promise((r) => setTimeout(r, left + 50));
}

describe.skipIf(missing)('three daemons share keys, limits and the cache', () => {
  beforeAll(async () => {
    [up, limited, slow] = await Promise.all([
      startScriptedUpstream(echoAnswer),
      startScriptedUpstream(echoAnswer),
      // Answers in two halves 500 ms apart: a request's hold stays open while the rest of a burst arrives.
      startScriptedUpstream((r) => {
        const whole = (echoAnswer(r).chunks ?? []).join('');
        return { ...echoAnswer(r), chunks: [whole.slice(0, 10), whole.slice(10)], gapMs: 500 };
      }),
    ]);
    // One after the other: three start-ups at once starve a 2-core machine.
    for (const id of ['k1', 'k2', 'k3']) daemons.push(await startDaemon(config(id)));
    for (const d of daemons)
      await waitFor(async () => (await json<{ cluster?: { state: string } }>(d, ['status'])).cluster?.state === 'ok');
  });
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    await Promise.all([up?.close(), limited?.close(), slow?.close()]);
    const redis = await connectRedis();
    if (redis) {
      await deleteKeys(redis, `router:${name}:`);
      redis.destroy();
    }
  });

  it('a key created on one daemon works on all, every daemon lists it, and a revoke reaches all within 1 s', async () => {
    const k = await json<KeySecretDTO>(daemons[0]!, ['keys', 'create', 'ann']);
    for (const d of daemons) {
      const r = await chat(d, k.key, {});
      expect(r.status, `on ${d.url}`).toBe(200);
      const listed = await json<{ keys: KeyDTO[] }>(d, ['keys', 'list']);
      expect(listed.keys.map((x) => [x.name, x.masked, x.status])).toEqual([['ann', k.masked, 'active']]);
    }
    // The same name again, on another daemon: refused, the cluster has it.
    const again = await cli(daemons[2]!.home, ['keys', 'create', 'ann', '--json']);
    expect(again.exitCode).not.toBe(0);

    await json(daemons[1]!, ['keys', 'revoke', 'ann']);
    const revokedAt = performance.now();
    const lags = await Promise.all(
      [daemons[0]!, daemons[2]!].map(async (d) => {
        for (;;) {
          const r = await chat(d, k.key, {});
          await r.arrayBuffer();
          if (r.status === 401) return performance.now() - revokedAt;
          if (performance.now() - revokedAt > 2000) throw new Error(`still ${r.status} 2 s after the revoke`);
        }
      }),
    );
    console.log(`revoke seen by the other daemons ${lags.map((l) => `${l.toFixed(0)} ms`).join(', ')} after it returned`);
    for (const lag of lags) expect(lag).toBeLessThan(1000);
    const shown = await json<KeyDTO>(daemons[2]!, ['keys', 'show', 'ann']);
    expect(shown.status).toBe('revoked');
  });

  it('a rotate on one daemon: the old secret gets 401 and the new one works on the others', async () => {
    const old = await createKey(daemons[0]!, 'rot');
    const rotated = await json<KeySecretDTO>(daemons[2]!, ['keys', 'rotate', 'rot']);
    expect(rotated.key).not.toBe(old.key);
    for (const d of daemons.slice(0, 2)) {
      await waitFor(async () => (await chat(d, old.key, {})).status === 401, 1000);
      expect((await chat(d, rotated.key, {})).status).toBe(200);
    }
  });

  it('a key with --rpm 20 hammered through all three daemons at once gets exactly 20 answers, the rest 429 with retry-after', async () => {
    const k = await createKey(daemons[2]!, 'bob', '--rpm', '20');
    await roomInWindow();
    const results = await burst(k.key, 75, (i) => ({ messages: [{ role: 'user', content: `burst ${i}` }] }));
    expect(results.filter((r) => r.status === 200)).toHaveLength(20);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(55);
    for (const r of refused) expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('a $0.10 budget across three daemons admits exactly what its reservations allow: one request, not one per daemon', async () => {
    // max_tokens 100 reserves ~$0.10 at $1000 per million, so one hold in flight fills the budget;
    // each answer costs $0.03 and takes 500 ms, so every hold is still open when the burst is in.
    // Counted per daemon, each of the three would admit one.
    const k = await createKey(daemons[0]!, 'cat', '--budget', '0.1');
    const results = await burst(k.key, 60, (i) => ({
      model: 'held',
      max_tokens: 100,
      messages: [{ role: 'user', content: `spend ${i}` }],
    }));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 402)).toHaveLength(59);
    for (const d of daemons) {
      // Settling is sent after the answer: wait until its cost is in.
      await waitFor(async () => Math.abs((await json<KeyDTO>(d, ['keys', 'show', 'cat'])).spentUsd - 0.03) < 1e-9, 3000);
      expect((await json<KeyDTO>(d, ['keys', 'show', 'cat'])).reservedUsd).toBe(0);
    }
  });

  it("a provider's rpm is one limit for the cluster: past it, attempts fail over to the next target", async () => {
    const k = await createKey(daemons[1]!, 'dan');
    await roomInWindow();
    const before = limited.received.length;
    const results = await burst(k.key, 15, (i) => ({ model: 'spill', messages: [{ role: 'user', content: `spill ${i}` }] }));
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(results.filter((r) => r.target === 'lim/gpt-lim')).toHaveLength(5);
    expect(limited.received.length - before).toBe(5);
  });

  it('an answer one daemon cached is a hit on another, whole and as a stream', async () => {
    const k = await createKey(daemons[0]!, 'eve');
    const ask = { model: 'main', temperature: 0, messages: [{ role: 'user', content: `cache me ${name}` }] };
    const first = await chat(daemons[0]!, k.key, ask);
    expect(first.headers.get('x-router-cache')).toBe('miss');
    const firstBody = (await first.json()) as { choices: Array<{ message: { content: string } }> };
    // The put is made after the answer, off the request path: ask another daemon until it hits.
    await waitFor(async () => {
      const r = await chat(daemons[1]!, k.key, ask);
      const hit = r.headers.get('x-router-cache') === 'hit';
      if (hit) {
        const body = (await r.json()) as { choices: Array<{ message: { content: string } }> };
        expect(body.choices[0]!.message.content).toBe(firstBody.choices[0]!.message.content);
      } else await r.arrayBuffer();
      return hit;
    }, 3000);
    const calls = up.received.length;
    const streamed = await chat(daemons[2]!, k.key, { ...ask, stream: true });
    expect(streamed.headers.get('x-router-cache')).toBe('hit');
    expect(streamed.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await streamed.text();
    expect(text).toContain(JSON.stringify(firstBody.choices[0]!.message.content).slice(1, -1).slice(0, 10));
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(up.received.length).toBe(calls);
    const stats = await json<{ entries: number }>(daemons[2]!, ['cache', 'stats']);
    expect(stats.entries).toBeGreaterThanOrEqual(1);
  });
});
