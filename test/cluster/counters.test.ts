// The cluster's exact counters (src/daemon/cluster/counters.ts) against a real Redis, hammered at
// once from several connections: the admitted count must be exact, never "about right".
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClientType } from '@redis/client';
import {
  adjustTokens,
  budgetKeys,
  releaseBudget,
  reserveBudget,
  seedBudget,
  settleBudget,
  takeFromWindow,
  takeRequestWindow,
} from '../../src/daemon/cluster/counters.js';
import { connectRedis, deleteKeys, redisMissing } from '../helpers/redis.js';

const missing = await redisMissing();
const prefix = `router:t-${randomBytes(4).toString('hex')}:`;
const CONNECTIONS = 5;
const PER_CONNECTION = 40;
let clients: RedisClientType[] = [];

/** Starts right after a window boundary, so a burst cannot straddle two windows. */
async function freshWindow(windowMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < Math.min(3000, windowMs / 2)) await new Promise((r) => setTimeout(r, left + 5));
}

/** Every connection fires its calls at once; the results come back in one list. */
async function hammer<T>(call: (client: RedisClientType, i: number) => Promise<T>): Promise<T[]> {
  const all = clients.flatMap((c, ci) => Array.from({ length: PER_CONNECTION }, (_, j) => call(c, ci * PER_CONNECTION + j)));
  return Promise.all(all);
}

describe.skipIf(missing)('exact counters on Redis', () => {
  beforeAll(async () => {
    for (let i = 0; i < CONNECTIONS; i++) clients.push((await connectRedis())!);
  });
  afterAll(async () => {
    if (clients[0]) await deleteKeys(clients[0], prefix);
    for (const c of clients) c.destroy();
    clients = [];
  });

  it('a fixed window admits exactly its limit under 200 concurrent calls from 5 connections', async () => {
    await freshWindow(60_000);
    const results = await hammer((c) => takeFromWindow(c, `${prefix}rpm`, 57));
    expect(results.filter((r) => r.admitted)).toHaveLength(57);
    expect(Math.max(...results.map((r) => r.count))).toBe(57);
    for (const r of results) {
      expect(r.retryAfterMs).toBeGreaterThan(0);
      expect(r.retryAfterMs).toBeLessThanOrEqual(60_000);
      // Aligned to the epoch minute: now + retry-after lands on a whole minute.
      const end = Date.now() + r.retryAfterMs;
      expect(Math.min(end % 60_000, 60_000 - (end % 60_000))).toBeLessThan(1000);
    }
  });

  it('with costs (tokens), the admitted costs sum to what Redis counted and never pass the limit', async () => {
    await freshWindow(60_000);
    const cost = (i: number) => 1 + ((i * 37) % 50);
    const results = await hammer((c, i) => takeFromWindow(c, `${prefix}tpm`, 1000, cost(i)).then((r) => ({ ...r, cost: cost(i) })));
    const admitted = results.filter((r) => r.admitted).reduce((sum, r) => sum + r.cost, 0);
    expect(admitted).toBeLessThanOrEqual(1000);
    expect(Math.max(...results.map((r) => r.count))).toBe(admitted);
    // Every refusal was one the remaining room could not hold at that moment.
    const smallestRefused = Math.min(...results.filter((r) => !r.admitted).map((r) => r.cost));
    expect(admitted + smallestRefused).toBeGreaterThan(1000 - 50);
  });

  it('the next window starts from zero', async () => {
    await freshWindow(1000);
    const first = await hammer((c) => takeFromWindow(c, `${prefix}short`, 3, 1, 1000));
    expect(first.filter((r) => r.admitted)).toHaveLength(3);
    const wait = Math.max(...first.map((r) => r.retryAfterMs));
    await new Promise((r) => setTimeout(r, wait + 20));
    const second = await hammer((c) => takeFromWindow(c, `${prefix}short`, 3, 1, 1000));
    expect(second.filter((r) => r.admitted)).toHaveLength(3);
  });

  it('budget reservations hold exactly what fits, and settle / release to exact totals', async () => {
    const k = budgetKeys(`${prefix}budget`);
    const results = await hammer((c, i) => reserveBudget(c, k, `r${i}`, 7, 500).then((r) => ({ ...r, id: `r${i}` })));
    const held = results.filter((r) => r.ok);
    expect(held).toHaveLength(Math.floor(500 / 7));
    // Half of them cost 5 in the end, the other half failed before costing anything.
    const settled = held.slice(0, 35);
    const released = held.slice(35);
    await Promise.all([
      ...settled.map((r, i) => settleBudget(clients[i % CONNECTIONS]!, k, r.id, 5)),
      ...released.map((r, i) => releaseBudget(clients[i % CONNECTIONS]!, k, r.id)),
    ]);
    const after = await releaseBudget(clients[0]!, k, 'none');
    expect(after).toMatchObject({ spent: 35 * 5, reserved: 0 });
    // The room left is used exactly: spent + reserved + amount <= limit.
    const more = await hammer((c, i) => reserveBudget(c, k, `m${i}`, 10, 500));
    expect(more.filter((r) => r.ok)).toHaveLength(Math.floor((500 - 175) / 10));
  });

  it('a reservation is held once per id, and one never settled is released after its ttl', async () => {
    const k = budgetKeys(`${prefix}ttl`);
    expect((await reserveBudget(clients[0]!, k, 'a', 60, 100, 50)).ok).toBe(true);
    expect((await reserveBudget(clients[1]!, k, 'a', 10, 100, 50)).ok).toBe(false);
    expect((await reserveBudget(clients[1]!, k, 'b', 60, 100, 50)).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    const b = await reserveBudget(clients[1]!, k, 'b', 60, 100, 60_000);
    expect(b).toMatchObject({ ok: true, spent: 0, reserved: 60 });
    // A late settle of the expired hold still counts its real cost.
    expect(await settleBudget(clients[2]!, k, 'a', 30)).toMatchObject({ ok: false, spent: 30, reserved: 60 });
  });

  it('a request window (rpm and tpm in one step) admits exactly rpm requests, and refuses on tpm once its tokens reach it', async () => {
    await freshWindow(60_000);
    const w = { requests: `${prefix}kreq`, tokens: `${prefix}ktok` };
    const results = await hammer((c) => takeRequestWindow(c, w, { rpm: 57 }, 3));
    expect(results.filter((r) => r.admitted)).toHaveLength(57);
    const refused = results.filter((r) => !r.admitted);
    for (const r of refused) expect(r).toMatchObject({ which: 'rpm' });
    const start = results.find((r) => r.admitted)!;
    if (!start.admitted) throw new Error('unreachable');
    expect(start.windowStart % 60_000).toBe(0);
    // tpm: admitted while the window's tokens are under it (the engine's rule), 57 x 3 = 171 so far.
    const t = { requests: `${prefix}treq`, tokens: w.tokens };
    expect(await takeRequestWindow(clients[0]!, t, { tpm: 172 }, 100)).toMatchObject({ admitted: true });
    expect(await takeRequestWindow(clients[0]!, t, { tpm: 172 }, 1)).toMatchObject({ admitted: false, which: 'tpm' });
    // The real count replaces the estimate: 271 - 100 = 171 < 172, open again.
    await adjustTokens(clients[1]!, w, start.windowStart, -100);
    expect(await takeRequestWindow(clients[0]!, t, { tpm: 172 }, 1)).toMatchObject({ admitted: true });
  });

  it("a daemon's own spend is seeded into a budget once, whoever else seeds it", async () => {
    const k = budgetKeys(`${prefix}seed`);
    const once = await hammer((c, i) => seedBudget(c, k, `d${i % 3}`, 1000));
    expect(once.filter(Boolean)).toHaveLength(3);
    expect((await releaseBudget(clients[0]!, k, 'none')).spent).toBe(3000);
  });
});
