// Three daemons (each its own ROUTER_HOME and port) on one Redis act as one router: switch, budgets,
// spend, cooldowns and events. Real daemons, real Redis (keys under a random cluster name, deleted
// after), a real fake upstream. Skips with a printed reason when no Redis answers at REDIS_URL.
import { randomBytes } from 'node:crypto';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import type { BudgetsDTO, StatusDTO, UviDTO } from '../../src/protocol/index.js';
import { FakeJsonEndpoint } from '../helpers/fake-json-endpoint.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { connectRedis, deleteKeys, REDIS_URL, redisMissing } from '../helpers/redis.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const missing = await redisMissing();
const BIN = new URL('../../bin/run.js', import.meta.url).pathname;
const name = `t-${randomBytes(4).toString('hex')}`;

const config = (daemon: string, upstream: string, usage: string) => `
providers:
  up: { type: openai-compatible, baseUrl: "${upstream}" }
  sub: { type: simulated, billing: subscription, quota: { url: "${usage}/api/oauth/usage", token: "oauth-test" } }
  sim: { type: simulated, simulate: { text: "from the simulated provider" } }
models:
  "sim/paid": { price: { input: 10, output: 30 } }
routes:
  main: { strategy: ordered, targets: [up/m, sim/paid] }
  alt: { targets: [sim/paid] }
cluster: { redis: "${REDIS_URL}", name: ${name}, daemon: ${daemon} }
`;

let upstream: FakeUpstream;
const usage = new FakeJsonEndpoint();
const H = 3_600_000;
const fiveHour = (utilization: number) => ({ five_hour: { utilization, resets_at: new Date(Date.now() + 2.5 * H).toISOString() } });
const daemons: RunningDaemon[] = [];

const json = async <T>(d: RunningDaemon, args: string[]): Promise<T> => {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const status = (d: RunningDaemon) => json<StatusDTO>(d, ['status']);
const spentToday = async (d: RunningDaemon) => (await json<BudgetsDTO>(d, ['budget'])).budgets.find((b) => b.provider === 'sim')!.daily;
const chat = async (d: RunningDaemon, model: string) => {
  const r = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
  });
  expect(r.status).toBe(200);
  return r;
};

describe.skipIf(missing)('three daemons on one Redis', () => {
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    await usage.start();
    usage.script([200, fiveHour(80)]);
    // One after the other: three daemon start-ups at once starve a 2-core machine.
    for (const id of ['d1', 'd2', 'd3']) daemons.push(await startDaemon(config(id, upstream.url, usage.url)));
    for (const d of daemons) await waitFor(async () => (await status(d)).cluster?.state === 'ok');
  });
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    await upstream?.close();
    await usage.close();
    const redis = await connectRedis();
    if (redis) {
      await deleteKeys(redis, `router:${name}:`);
      redis.destroy();
    }
  });

  it('router status and /healthz say the cluster is ok, and name the daemon', async () => {
    const s = await status(daemons[1]!);
    expect(s.cluster).toMatchObject({ name, daemon: 'd2', state: 'ok' });
    const health = (await (await fetch(`${daemons[1]!.url}/healthz`)).json()) as { status: string; cluster: { state: string } };
    expect(health).toMatchObject({ status: 'ok', cluster: { state: 'ok', name } });
  });

  it('router switch on one daemon switches all', async () => {
    await json(daemons[0]!, ['switch', 'alt']);
    for (const d of daemons.slice(1)) await waitFor(async () => (await status(d)).activeRoute === 'alt', 2000);
    await json(daemons[2]!, ['switch', 'main']);
    for (const d of daemons.slice(0, 2)) await waitFor(async () => (await status(d)).activeRoute === 'main', 2000);
  });

  it('a budget set through one daemon holds on all', async () => {
    await json(daemons[1]!, ['budget', 'set', 'sim', '7.5']);
    for (const d of [daemons[0]!, daemons[2]!])
      await waitFor(async () => {
        const line = await spentToday(d);
        return line.limitUsd === 7.5 && line.source === 'cli';
      }, 2000);
  });

  it('spend made on each daemon adds up, exactly, on every daemon', async () => {
    const before = (await spentToday(daemons[0]!)).spentUsd;
    await chat(daemons[0]!, 'alt');
    await waitFor(async () => (await spentToday(daemons[0]!)).spentUsd > before);
    const one = (await spentToday(daemons[0]!)).spentUsd - before;
    expect(one).toBeGreaterThan(0);
    await chat(daemons[1]!, 'alt');
    await chat(daemons[1]!, 'alt');
    await chat(daemons[2]!, 'alt');
    const expected = before + 4 * one;
    for (const d of daemons) await waitFor(async () => Math.abs((await spentToday(d)).spentUsd - expected) < 1e-9, 3000);
  });

  it('a cooldown one daemon sets is seen by the others within 100 ms', async () => {
    upstream.script({ kind: 'status', status: 429, headers: { 'retry-after': '120' } }, { kind: 'text', text: 'ok' });
    const watchers = await Promise.all(daemons.slice(1).map((d) => DaemonClient.connect(d.socket)));
    try {
      const seenAt: number[] = [];
      const watching = watchers.map(async (c, i) => {
        while (seenAt[i] === undefined) {
          const s = await c.call('status');
          if (s.cooldowns.some((cd) => cd.key === 'up/m')) seenAt[i] = performance.now();
        }
      });
      const r = await chat(daemons[0]!, 'main');
      const answeredAt = performance.now();
      expect(r.headers.get('x-router-target')).toBe('sim/paid');
      await Promise.race([Promise.all(watching), new Promise((_, reject) => setTimeout(() => reject(new Error('not seen in 2 s')), 2000))]);
      const lags = seenAt.map((t) => Math.max(0, t - answeredAt));
      console.log(
        `cooldown seen by the other daemons ${lags.map((l) => `${l.toFixed(1)} ms`).join(', ')} after the failing daemon answered`,
      );
      for (const lag of lags) expect(lag).toBeLessThan(100);
    } finally {
      for (const c of watchers) c.close();
    }
    // All three now route around the target the first one saw fail.
    const r = await chat(daemons[2]!, 'main');
    expect(r.headers.get('x-router-target')).toBe('sim/paid');
    await json(daemons[1]!, ['circuit', 'reset']);
    for (const d of daemons) await waitFor(async () => (await status(d)).cooldowns.length === 0, 2000);
  });

  it('router events --follow on one daemon sees the decisions of all, tagged with the daemon', async () => {
    const follow: ResultPromise = execa(process.execPath, [BIN, 'events', '--follow'], {
      env: { ROUTER_HOME: daemons[2]!.home, NO_COLOR: '1' },
      reject: false,
      buffer: false,
    });
    const lines: Array<{ type: string; daemon?: string }> = [];
    let partial = '';
    follow.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as { type: string; daemon?: string });
    });
    try {
      // Keep asking until the follower is announced to the others (a heartbeat, within ~100 ms).
      await waitFor(async () => {
        await chat(daemons[0]!, 'alt');
        await chat(daemons[1]!, 'alt');
        const from = new Set(lines.filter((l) => l.type === 'decision').map((l) => l.daemon));
        return from.has('d1') && from.has('d2');
      }, 10_000);
      await chat(daemons[2]!, 'alt');
      await waitFor(() => lines.some((l) => l.type === 'decision' && l.daemon === 'd3'), 2000);
    } finally {
      follow.kill('SIGINT');
      await follow;
    }
  });

  it('a quota figure one daemon fetched is used by all, without their own fetch', async () => {
    const subUsed = async (d: RunningDaemon) =>
      (await json<UviDTO>(d, ['uvi'])).providers.find((p) => p.provider === 'sub')?.windows.find((w) => w.source === 'quota')?.usedPct;
    usage.script([200, fiveHour(40)]);
    await json(daemons[0]!, ['uvi', 'refresh']);
    expect(await subUsed(daemons[0]!)).toBe(40);
    for (const d of daemons.slice(1)) await waitFor(async () => (await subUsed(d)) === 40, 2000);
    expect(usage.seen).toHaveLength(1);
  });
});
