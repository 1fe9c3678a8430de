// A virtual key's rpm/tpm windows and budget reservations, exact across the daemons of a cluster:
// each check-and-count is one Lua script in Redis (counters.ts), the only Redis round trips a key's
// request waits for. Settling (real tokens, real cost) is sent without waiting.
//
// Redis down (or a call failing): this daemon counts on its own (LocalKeyCounters), its budget
// seeded with the larger of its ledger's spend and the last figure Redis gave for that key, so an
// outage cannot hand a key a fresh budget. Spend settled meanwhile is owed to Redis and added when
// it is back, not lost; a Redis that restarted empty gets each daemon's spend from its ledger
// (seedBudget: once per daemon, key and period).
import { randomUUID } from 'node:crypto';
import type { WindowLimits } from '../../engine/rate-window.js';
import { budgetPeriodKey } from '../../engine/virtual-keys.js';
import type { KeyRecord } from '../../store/keys-repo.js';
import { LocalKeyCounters } from '../limits/local.js';
import type { BudgetGrant, BudgetReservation, KeyCounters, KeyUsage, KeyWindowGrant } from '../limits/types.js';
import type { Logger } from '../log.js';
import { adjustTokens, budgetKeys, releaseBudget, reserveBudget, seedBudget, settleBudget, takeRequestWindow } from './counters.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

/** Budgets are counted in Redis as integer nano-USD, so sums stay exact. */
const NANO = 1e9;
const nano = (usd: number): number => Math.round(usd * NANO);
/** A hold a dead daemon left is freed after this; longer than any request's deadline. */
const HOLD_TTL_MS = 30 * 60_000;
/** A budget's figures outlive their period by a little (periods are "yyyy-mm-dd" or "yyyy-mm"). */
const periodTtlSeconds = (period: string): number => (period.length === 7 ? 40 : 3) * 86_400;

const id = (key: string, period: string): string => `${key}\u0000${period}`;

export class SharedKeyCounters implements KeyCounters {
  private local: LocalKeyCounters;
  /** The link's `since` when the local counters were (re)built: a new outage starts from fresh figures. */
  private localSince = -1;
  /** The last spent figure Redis gave per key and period (USD). */
  private readonly lastShared = new Map<string, number>();
  /** Settles and releases Redis could not take (it was unreachable), sent at the resync. */
  private owed: Array<{ key: string; period: string; hold: string; usd: number }> = [];
  /** Key and period this daemon is marked as counted in, in Redis (see seedBudget). */
  private readonly counted = new Set<string>();

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    /** This daemon's own spend of a key in a period, from its ledger. */
    private readonly ledgerSpent: (key: string, period: string) => number,
    /** This daemon's name in the cluster, and the keys it knows: what the resync seeds. */
    private readonly daemon: string,
    private readonly knownKeys: () => KeyRecord[],
    private readonly clock: () => number,
    private readonly log: Logger,
  ) {
    this.local = this.freshLocal();
    link.onUp(() => void this.resync());
  }

  private get up(): boolean {
    return this.link.state === 'up';
  }

  private freshLocal(): LocalKeyCounters {
    return new LocalKeyCounters((key, period) => Math.max(this.ledgerSpent(key, period), this.lastShared.get(id(key, period)) ?? 0));
  }

  /** The fallback counters, rebuilt once per outage. */
  private fallback(): LocalKeyCounters {
    if (this.localSince !== this.link.since) {
      this.localSince = this.link.since;
      this.local = this.freshLocal();
    }
    return this.local;
  }

  private failed(what: string, err: unknown): void {
    this.log.warn('cluster.key_counter_failed', { what, error: (err as Error).message });
  }

  async takeRequest(key: string, limits: WindowLimits, estimatedTokens: number, now: number): Promise<KeyWindowGrant> {
    if ((limits.rpm !== undefined || limits.tpm !== undefined) && this.up) {
      try {
        const v = await takeRequestWindow(this.link.cmd, this.keys.keyWindow(key), limits, estimatedTokens);
        if (v.admitted) return { ok: true, windowStart: v.windowStart, shared: true };
        return { ok: false, which: v.which, retryAfterSec: Math.max(1, Math.ceil(v.retryAfterMs / 1000)) };
      } catch (err) {
        this.failed('window', err);
      }
    }
    return this.fallback().takeRequest(key, limits, estimatedTokens, now);
  }

  settleTokens(key: string, windowStart: number, estimatedTokens: number, actualTokens: number, shared?: boolean): void {
    if (!shared) return this.local.settleTokens(key, windowStart, estimatedTokens, actualTokens);
    if (!this.up) return;
    adjustTokens(this.link.cmd, this.keys.keyWindow(key), windowStart, actualTokens - estimatedTokens).catch(() => {});
  }

  async reserve(key: string, period: string, budgetUsd: number, usd: number): Promise<BudgetGrant> {
    if (this.up) {
      try {
        const hold = randomUUID();
        const amount = nano(usd);
        // The script admits while spent + reserved + amount <= limit; the engine's rule (budgetAdmits)
        // admits while spent + reserved < budget. In integers that is a limit of budget - 1 + amount.
        const f = await reserveBudget(
          this.link.cmd,
          budgetKeys(this.keys.keyBudget(key, period)),
          hold,
          amount,
          nano(budgetUsd) - 1 + amount,
          HOLD_TTL_MS,
        );
        this.lastShared.set(id(key, period), f.spent / NANO);
        if (!f.ok) return { ok: false, spentUsd: f.spent / NANO };
        return { ok: true, reservation: { key, period, usd, id: hold } };
      } catch (err) {
        this.failed('reserve', err);
      }
    }
    return this.fallback().reserve(key, period, budgetUsd, usd);
  }

  settle(r: BudgetReservation, actualUsd: number): void {
    // A hold made here while Redis was down: this daemon's counters carry it.
    if (r.id === undefined && r.usd > 0) this.local.settle(r, actualUsd);
    if (r.id === undefined && actualUsd <= 0) return;
    if (!this.up) return this.owe(r, actualUsd);
    const keys = budgetKeys(this.keys.keyBudget(r.key, r.period));
    settleBudget(this.link.cmd, keys, r.id ?? randomUUID(), nano(actualUsd))
      .then((f) => {
        this.lastShared.set(id(r.key, r.period), f.spent / NANO);
        this.markCounted(r.key, r.period);
      })
      .catch(() => this.owe(r, actualUsd));
  }

  release(r: BudgetReservation): void {
    if (r.id === undefined) return this.local.release(r);
    if (!this.up) return this.owe(r, 0);
    releaseBudget(this.link.cmd, budgetKeys(this.keys.keyBudget(r.key, r.period)), r.id).catch(() => this.owe(r, 0));
  }

  async usage(key: string, period: string): Promise<KeyUsage> {
    if (this.up) {
      try {
        const totals = await this.link.cmd.hmGet(budgetKeys(this.keys.keyBudget(key, period)).totals, ['spent', 'reserved']);
        const [spent, reserved] = totals.map((v) => Number(v ?? 0) / NANO);
        return { spentUsd: spent ?? 0, reservedUsd: reserved ?? 0 };
      } catch (err) {
        this.failed('usage', err);
      }
    }
    return this.fallback().usage(key, period);
  }

  /** A hold made in Redis is settled by its id later (so it does not stay reserved until it expires). */
  private owe(r: BudgetReservation, usd: number): void {
    if (usd <= 0 && r.id === undefined) return;
    this.owed.push({ key: r.key, period: r.period, hold: r.id ?? randomUUID(), usd });
  }

  /** Once per key and period: this daemon's spend is in Redis's figure (and the figure expires after its period). */
  private markCounted(key: string, period: string): void {
    const k = id(key, period);
    if (this.counted.has(k)) return;
    this.counted.add(k);
    const b = budgetKeys(this.keys.keyBudget(key, period));
    const c = this.link.cmd;
    Promise.all([
      c.sAdd(b.counted, this.daemon),
      c.expire(b.totals, periodTtlSeconds(period)),
      c.expire(b.counted, periodTtlSeconds(period)),
    ]).catch(() => this.counted.delete(k));
  }

  /**
   * On every (re)connection. A Redis that lost this daemon's mark (restarted empty) gets its whole
   * spend of each key's current period from the ledger, which includes what was owed; otherwise
   * only what was owed is added.
   */
  private async resync(): Promise<void> {
    this.counted.clear();
    try {
      const now = this.clock();
      for (const k of this.knownKeys()) {
        const period = budgetPeriodKey(k.budgetPeriod, now);
        const b = budgetKeys(this.keys.keyBudget(k.name, period));
        // Seeded: the ledger had what was owed, and the holds went with the old Redis.
        if (await seedBudget(this.link.cmd, b, this.daemon, nano(this.ledgerSpent(k.name, period))))
          this.owed = this.owed.filter((o) => o.key !== k.name || o.period !== period);
        this.markCounted(k.name, period);
      }
    } catch {
      return; // Down again: the next connection resyncs.
    }
    await this.payOwed();
  }

  /** Settles and releases made while Redis was away: spend added, holds freed. */
  private async payOwed(): Promise<void> {
    while (this.owed.length > 0) {
      const o = this.owed[0]!;
      try {
        await settleBudget(this.link.cmd, budgetKeys(this.keys.keyBudget(o.key, o.period)), o.hold, o.usd > 0 ? nano(o.usd) : -1);
      } catch {
        return; // Down again: the next resync goes on from here.
      }
      this.owed.shift();
    }
  }
}
