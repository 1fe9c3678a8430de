// Keys, their budgets and the cache when the cluster's Redis dies and comes back empty (a
// redis-server of this test's own, without persistence): the daemons keep answering keyed requests
// from their mirrors and local counters, cache on their own, refuse only what needs Redis (creating
// a key), apply a revoke at once; when Redis is back the keys are written back, the revoke made
// meanwhile holds on all, and every cent spent (before and during the outage) is in the key's figure.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyDTO, KeySecretDTO, StatusDTO } from '../../src/protocol/index.js';
import { echoAnswer } from '../helpers/echo-upstream.js';
import { freePort, OwnRedis, redisMissing } from '../helpers/redis.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { waitFor } from '../helpers/wait.js';

const missing = await redisMissing();
const name = `t-${randomBytes(4).toString('hex')}`;
let redis: OwnRedis;
let up: ScriptedUpstream;
const daemons: RunningDaemon[] = [];

const config = (daemon: string) => `
auth: { required: true }
cache: { enabled: true, ttlSeconds: 600 }
providers:
  oa: { type: openai-compatible, baseUrl: "${up.origin}/v1" }
models:
  oa/gpt-fake: { price: { input: 1000, output: 1000 } }
routes:
  main: { strategy: ordered, targets: [oa/gpt-fake], cache: true }
  other: { strategy: ordered, targets: [oa/gpt-fake] }
defaultRoute: other
cluster: { redis: "${redis.url}", name: ${name}, daemon: ${daemon} }
`;

async function json<T>(d: RunningDaemon, args: string[]): Promise<T> {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode ?? 0, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}
const state = async (d: RunningDaemon) => (await json<StatusDTO>(d, ['status'])).cluster?.state;

async function chat(d: RunningDaemon, key: string, body: Record<string, unknown> = {}) {
  const r = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'other', messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
  await r.arrayBuffer();
  return { status: r.status, cache: r.headers.get('x-router-cache') };
}
const spent = async (d: RunningDaemon, key: string) => (await json<KeyDTO>(d, ['keys', 'show', key])).spentUsd;

describe.skipIf(missing)('keys and the cache through a Redis outage', () => {
  beforeAll(async () => {
    up = await startScriptedUpstream(echoAnswer);
    redis = new OwnRedis(await freePort());
    await redis.start();
    for (const id of ['o1', 'o2']) daemons.push(await startDaemon(config(id)));
    for (const d of daemons) await waitFor(async () => (await state(d)) === 'ok');
  });
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    await redis?.kill();
    await up?.close();
  });

  it('serves keys on the mirror while Redis is away, and loses neither a key, a revoke nor a cent when it is back', async () => {
    const [d1, d2] = [daemons[0]!, daemons[1]!];
    const ann = await json<KeySecretDTO>(d1, ['keys', 'create', 'ann', '--budget', '1', '--rpm', '50']);
    const tmp = await json<KeySecretDTO>(d1, ['keys', 'create', 'tmp']);
    expect((await chat(d2, ann.key)).status).toBe(200);
    for (const d of daemons) await waitFor(async () => Math.abs((await spent(d, 'ann')) - 0.03) < 1e-9, 3000);

    await redis.kill();
    for (const d of daemons) await waitFor(async () => (await state(d)) === 'degraded', 5000);

    // Keyed requests go on, counted locally; spend goes to the ledger and is owed to the cluster.
    expect((await chat(d1, ann.key)).status).toBe(200);
    expect((await chat(d1, ann.key)).status).toBe(200);
    expect((await chat(d2, ann.key)).status).toBe(200);
    // Creating a key needs Redis (a name must be unique across the cluster): refused, with the reason.
    const refused = await cli(d1.home, ['keys', 'create', 'bob', '--json']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/Redis is unreachable/);
    // A revoke never waits: the key stops working here at once.
    await json(d2, ['keys', 'revoke', 'tmp']);
    expect((await chat(d2, tmp.key)).status).toBe(401);
    // The cache goes on in this daemon's SQLite.
    const ask = { model: 'main', temperature: 0, messages: [{ role: 'user', content: 'while redis is down' }] };
    expect((await chat(d1, ann.key, ask)).cache).toBe('miss');
    await waitFor(async () => (await chat(d1, ann.key, ask)).cache === 'hit', 2000);

    await redis.start();
    for (const d of daemons) await waitFor(async () => (await state(d)) === 'ok', 10_000);
    // The restarted Redis was empty: the keys are written back from the mirrors, the revoke made
    // meanwhile holds on both daemons, and the spend is every request's: 1 before, 4 during (the
    // cache miss included; the hit is free), i.e. 5 x $0.03.
    for (const d of daemons) {
      await waitFor(async () => {
        const keys = (await json<{ keys: KeyDTO[] }>(d, ['keys', 'list'])).keys;
        return (
          JSON.stringify(keys.map((k) => [k.name, k.status])) ===
          JSON.stringify([
            ['ann', 'active'],
            ['tmp', 'revoked'],
          ])
        );
      }, 3000);
      await waitFor(async () => Math.abs((await spent(d, 'ann')) - 0.15) < 1e-9, 3000).catch(async (e: Error) => {
        throw new Error(`${e.message}: spent ${await spent(d, 'ann')}`);
      });
    }
    expect((await chat(d1, tmp.key)).status).toBe(401);
    expect((await chat(d2, ann.key)).status).toBe(200);
    const bob = await json<KeySecretDTO>(d2, ['keys', 'create', 'bob']);
    await waitFor(async () => (await chat(d1, bob.key)).status === 200, 1000);
  });
});
