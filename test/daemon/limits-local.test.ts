// The one-daemon counters: exact minute windows per key, budget reservations that never let a
// budget be overspent by more than what was reserved in flight, and the provider queue.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LocalKeyCounters, LocalProviderCounters } from '../../src/daemon/limits/local.js';
import { seededRandom } from '../../src/learn/routers.js';

const T = Date.UTC(2026, 11, 6, 9, 30, 0);
const gone = () => Object.assign(new EventEmitter(), { aborted: false });

describe('key windows', () => {
  it('admits exactly rpm requests per minute window, then tells the seconds to its end', () => {
    const c = new LocalKeyCounters(() => 0);
    const verdicts = Array.from({ length: 5 }, (_, i) => c.takeRequest('k', { rpm: 3 }, 10, T + i * 1000));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, false, false]);
    expect(verdicts[3]).toEqual({ ok: false, which: 'rpm', retryAfterSec: 57 });
    expect(c.takeRequest('other', { rpm: 3 }, 10, T).ok).toBe(true);
    expect(c.takeRequest('k', { rpm: 3 }, 10, T + 60_000).ok).toBe(true);
  });

  it('tpm counts the estimate, then the real tokens', () => {
    const c = new LocalKeyCounters(() => 0);
    const first = c.takeRequest('k', { tpm: 100 }, 90, T);
    expect(first.ok).toBe(true);
    if (first.ok) c.settleTokens('k', first.windowStart, 90, 20);
    expect(c.takeRequest('k', { tpm: 100 }, 50, T + 1).ok).toBe(true); // 20 + 50 < 100
    expect(c.takeRequest('k', { tpm: 100 }, 50, T + 2).ok).toBe(true); // 70 < 100
    expect(c.takeRequest('k', { tpm: 100 }, 50, T + 3)).toMatchObject({ ok: false, which: 'tpm' });
  });
});

describe('budget reservations', () => {
  it('starts from what the ledger holds and counts settled spend', () => {
    const c = new LocalKeyCounters((key, period) => (key === 'k' && period === '2026-12-06' ? 0.9 : 0));
    const r = c.reserve('k', '2026-12-06', 1, 0.05);
    expect(r.ok).toBe(true);
    expect(c.reserve('k', '2026-12-06', 1, 0.05).ok).toBe(true); // 0.9 spent + 0.05 reserved < 1
    expect(c.reserve('k', '2026-12-06', 1, 0.05)).toEqual({ ok: false, spentUsd: 0.9 }); // 0.9 + 0.1 = 1
    if (r.ok) c.settle(r.reservation, 0.01);
    expect(c.spent('k', '2026-12-06')).toBeCloseTo(0.91, 9);
    expect(c.reserved('k', '2026-12-06')).toBeCloseTo(0.05, 9);
    expect(c.spent('k', '2026-12-07')).toBe(0);
  });

  it('a request admitted before midnight settles into its own day, not the next', () => {
    const c = new LocalKeyCounters(() => 0);
    const late = c.reserve('k', 'day-1', 1, 0.4);
    const early = c.reserve('k', 'day-2', 1, 0.4);
    if (late.ok) c.settle(late.reservation, 0.3);
    // The new day's reservation survives the old day's settlement.
    expect(c.reserved('k', 'day-2')).toBe(0.4);
    if (early.ok) c.settle(early.reservation, 0.2);
    expect([c.spent('k', 'day-1'), c.reserved('k', 'day-1')]).toEqual([0.3, 0]);
    expect([c.spent('k', 'day-2'), c.reserved('k', 'day-2')]).toEqual([0.2, 0]);
  });

  it.each([1, 2, 3, 4, 5])('never overspends by more than one reservation in flight (seed %d)', (seed) => {
    const random = seededRandom(seed);
    const budget = 1;
    const c = new LocalKeyCounters(() => 0);
    const open: Array<{ r: Parameters<LocalKeyCounters['settle']>[0] }> = [];
    let most = 0;
    for (let step = 0; step < 2000; step++) {
      if (open.length === 0 || random() < 0.55) {
        const usd = 0.01 + random() * 0.2;
        most = Math.max(most, usd);
        const g = c.reserve('k', 'p', budget, usd);
        if (g.ok) open.push({ r: g.reservation });
      } else {
        const [{ r }] = open.splice(Math.floor(random() * open.length), 1) as [{ r: Parameters<LocalKeyCounters['settle']>[0] }];
        // A request costs at most what was reserved for it; a failed one costs nothing.
        if (random() < 0.2) c.release(r);
        else c.settle(r, r.usd * random());
      }
      expect(c.spent('k', 'p') + c.reserved('k', 'p')).toBeLessThan(budget + most);
    }
    expect(c.spent('k', 'p')).toBeGreaterThan(budget * 0.8);
  });
});

describe('provider queue', () => {
  it('a second request waits for the slot the first frees', async () => {
    const p = new LocalProviderCounters(Date.now);
    const first = await p.acquire('p', { concurrency: 1 }, 0, Date.now() + 1000, gone());
    expect(first.ok).toBe(true);
    const second = p.acquire('p', { concurrency: 1 }, 0, Date.now() + 1000, gone());
    setTimeout(() => first.ok && first.release(0), 30);
    const granted = await second;
    expect(granted.ok).toBe(true);
    expect(granted.ok && granted.waitedMs).toBeGreaterThanOrEqual(20);
  });

  it('gives up when no slot frees before the deadline, and at once when a full window outlasts it', async () => {
    const p = new LocalProviderCounters(Date.now);
    expect((await p.acquire('p', { concurrency: 1 }, 0, Date.now() + 1000, gone())).ok).toBe(true);
    const started = Date.now();
    const late = await p.acquire('p', { concurrency: 1 }, 0, Date.now() + 40, gone());
    expect(late).toMatchObject({ ok: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);

    const r = new LocalProviderCounters(() => T);
    expect((await r.acquire('q', { rpm: 1 }, 0, T + 5000, gone())).ok).toBe(true);
    const refused = await r.acquire('q', { rpm: 1 }, 0, T + 5000, gone());
    expect(refused.ok === false && refused.reason).toMatch(/rpm 1 reached/);
  });

  it('a waiter whose client left stops waiting', async () => {
    const p = new LocalProviderCounters(Date.now);
    await p.acquire('p', { concurrency: 1 }, 0, Date.now() + 5000, gone());
    const client = gone();
    const waiting = p.acquire('p', { concurrency: 1 }, 0, Date.now() + 5000, client);
    setTimeout(() => {
      client.aborted = true;
      client.emit('abort');
    }, 20);
    expect(await waiting).toMatchObject({ ok: false, reason: expect.stringMatching(/went away/) });
  });
});
