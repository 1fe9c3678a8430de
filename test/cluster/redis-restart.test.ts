// Redis killed and restarted under three running daemons (a redis-server of this test's own, without
// persistence, so the restart loses every key): the daemons keep serving on local state, say they are
// degraded, log one line per outage, and when Redis is back they resync: spend made meanwhile is
// added, a switch and a budget set meanwhile reach the others.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetsDTO, StatusDTO } from '../../src/protocol/index.js';
import { freePort, OwnRedis, redisMissing } from '../helpers/redis.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const missing = await redisMissing();
const name = `t-${randomBytes(4).toString('hex')}`;
let redis: OwnRedis;
const daemons: RunningDaemon[] = [];

const config = (daemon: string, url: string) => `
providers:
  sim: { type: simulated, simulate: { text: "from the simulated provider" } }
models:
  "sim/paid": { price: { input: 10, output: 30 } }
  "sim/other": { price: { input: 1, output: 2 } }
routes:
  main: { targets: [sim/paid] }
  alt: { targets: [sim/other] }
cluster: { redis: "${url}", name: ${name}, daemon: ${daemon} }
`;

const json = async <T>(d: RunningDaemon, args: string[]): Promise<T> => {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const status = (d: RunningDaemon) => json<StatusDTO>(d, ['status']);
const simBudget = async (d: RunningDaemon) => (await json<BudgetsDTO>(d, ['budget'])).budgets.find((b) => b.provider === 'sim')!.daily;
const chat = async (d: RunningDaemon) => {
  const r = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'hello' }] }),
  });
  expect(r.status).toBe(200);
  await r.text();
};
const clusterLines = (d: RunningDaemon) =>
  readFileSync(join(d.home, 'routerd.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"msg":"cluster.'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(missing)('Redis killed and restarted under three daemons', () => {
  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    for (const id of ['r1', 'r2', 'r3']) daemons.push(await startDaemon(config(id, redis.url)));
    for (const d of daemons) await waitFor(async () => (await status(d)).cluster?.state === 'ok');
  });
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    await redis?.kill();
  });

  it('serves on local state while Redis is away, and resyncs when it is back', async () => {
    await chat(daemons[0]!);
    const one = (await simBudget(daemons[0]!)).spentUsd;
    expect(one).toBeGreaterThan(0);
    for (const d of daemons) await waitFor(async () => Math.abs((await simBudget(d)).spentUsd - one) < 1e-12, 3000);

    await redis.kill();
    for (const d of daemons) await waitFor(async () => (await status(d)).cluster?.state === 'degraded', 5000);
    const health = await fetch(`${daemons[0]!.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', cluster: { name, state: 'degraded' } });

    // Meanwhile: requests are served, a switch and a budget are set, each on one daemon.
    await chat(daemons[0]!);
    await chat(daemons[0]!);
    await chat(daemons[1]!);
    await json(daemons[0]!, ['switch', 'alt']);
    await json(daemons[1]!, ['budget', 'set', 'sim', '9']);
    // Several reconnect attempts pass (backoff 100 ms doubling): still one line per outage, no loop.
    await new Promise((r) => setTimeout(r, 1500));
    for (const d of daemons) {
      expect(alive(d.pid)).toBe(true);
      expect(clusterLines(d).filter((m) => m === 'cluster.redis_lost')).toHaveLength(1);
      expect(clusterLines(d).length).toBeLessThanOrEqual(2);
    }

    await redis.start();
    for (const d of daemons) await waitFor(async () => (await status(d)).cluster?.state === 'ok', 10_000);
    // The restarted Redis was empty: every daemon's spend is back, the one made meanwhile added.
    for (const d of daemons) await waitFor(async () => Math.abs((await simBudget(d)).spentUsd - 4 * one) < 1e-12, 5000);
    for (const d of daemons) await waitFor(async () => (await status(d)).activeRoute === 'alt', 3000);
    for (const d of daemons) await waitFor(async () => (await simBudget(d)).limitUsd === 9, 3000);
    for (const d of daemons) expect(clusterLines(d)).toContain('cluster.redis_back');
  });
});
