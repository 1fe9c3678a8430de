// Spend shared by the daemons of a cluster. Each daemon writes its OWN running totals for today and
// this month (from its own ledger) into one field per daemon and provider, and reads the others'.
// Absolute per-daemon figures rather than increments: a retried or lost write can neither count
// twice nor lose a cent, and a Redis restarted empty is refilled by each daemon from its ledger when
// it reconnects, so spend made while Redis was away is added, not lost.
//
// Off the request path both ways: a request only marks the totals dirty; writes go out in one
// pipeline every FLUSH_MS at most; reads come from a mirror refreshed when another daemon says it
// wrote (bus notice) and every REFRESH_MS anyway.
import { utcDay, utcMonth } from '../../engine/budget.js';
import type { SpendReader } from '../../store/types.js';
import type { Bus } from './bus.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

const FLUSH_MS = 100;
const REFRESH_MS = 5_000;
const NANO = 1e9;
const DAY_TTL_S = 3 * 86_400;
const MONTH_TTL_S = 40 * 86_400;

interface Mirror {
  day: string;
  month: string;
  /** Other daemons' nano-USD per provider. */
  othersDay: Map<string, number>;
  othersMonth: Map<string, number>;
}

const field = (daemon: string, provider: string): string => `${daemon}|${provider}`;

/** Sums the other daemons' fields of one hash per provider. */
export function othersByProvider(hash: Record<string, string>, self: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of Object.entries(hash)) {
    const bar = key.indexOf('|');
    if (bar < 0 || key.slice(0, bar) === self) continue;
    const provider = key.slice(bar + 1);
    const n = Number(value);
    if (Number.isFinite(n)) out.set(provider, (out.get(provider) ?? 0) + n);
  }
  return out;
}

export class SpendShare {
  private mirror: Mirror;
  private dirty = true;
  private flushing = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private refreshQueued = false;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    private readonly bus: Bus,
    private readonly local: SpendReader,
    private readonly clock: () => number,
    /** The cluster's figures changed: recompute budgets. */
    private readonly onChange: () => void,
  ) {
    const now = clock();
    this.mirror = { day: utcDay(now), month: utcMonth(now), othersDay: new Map(), othersMonth: new Map() };
    bus.on((notice) => {
      if (notice.k === 'spend') this.queueRefresh();
    });
    link.onUp(() => {
      this.dirty = true;
      void this.flush().then(() => this.refresh());
    });
    const flushTimer = setInterval(() => void this.flush(), FLUSH_MS);
    const refreshTimer = setInterval(() => void this.refresh(), REFRESH_MS);
    flushTimer.unref();
    refreshTimer.unref();
    this.timers.push(flushTimer, refreshTimer);
  }

  /** A request was recorded here: our totals changed. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Ours from the ledger (at once) plus the other daemons' from the mirror. */
  reader(): SpendReader {
    const local = this.local;
    const othersDay = (provider: string, day: string): number =>
      day === this.mirror.day ? (this.mirror.othersDay.get(provider) ?? 0) / NANO : 0;
    const othersRange = (provider: string, from: string, to: string): number => {
      if (from === to) return othersDay(provider, from);
      return from === `${this.mirror.month}-01` && to === this.mirror.day ? (this.mirror.othersMonth.get(provider) ?? 0) / NANO : 0;
    };
    return {
      day: (provider, day) => local.day(provider, day) + othersDay(provider, day),
      range: (provider, from, to) => local.range(provider, from, to) + othersRange(provider, from, to),
      byProvider: (from, to) => {
        const out = local.byProvider(from, to);
        const others = from === to ? (from === this.mirror.day ? this.mirror.othersDay : null) : null;
        for (const [provider, n] of others ?? []) out[provider] = (out[provider] ?? 0) + n / NANO;
        return out;
      },
    };
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }

  /** Writes our totals; on failure they stay dirty and go out with the next flush or the resync. */
  async flush(): Promise<void> {
    if (!this.dirty || this.flushing || this.link.state !== 'up') return;
    this.flushing = true;
    this.dirty = false;
    try {
      const now = this.clock();
      const day = utcDay(now);
      const month = utcMonth(now);
      const self = this.bus.daemon;
      const dayFields: Record<string, string> = {};
      const monthFields: Record<string, string> = {};
      for (const [provider, usd] of Object.entries(this.local.byProvider(day, day)))
        dayFields[field(self, provider)] = String(Math.round(usd * NANO));
      for (const [provider, usd] of Object.entries(this.local.byProvider(`${month}-01`, day)))
        monthFields[field(self, provider)] = String(Math.round(usd * NANO));
      if (Object.keys(monthFields).length === 0) return;
      // Commands issued in one tick go out as one pipeline. Not multi(): node-redis builds a command
      // class per multi() call, which tripled the daemon's GC time under load (measured, see README).
      const c = this.link.cmd;
      const writes: Array<Promise<unknown>> = [
        c.hSet(this.keys.spendMonth(month), monthFields),
        c.expire(this.keys.spendMonth(month), MONTH_TTL_S),
      ];
      if (Object.keys(dayFields).length > 0)
        writes.push(c.hSet(this.keys.spendDay(day), dayFields), c.expire(this.keys.spendDay(day), DAY_TTL_S));
      await Promise.all(writes);
      this.bus.send({ k: 'spend' });
    } catch {
      this.dirty = true;
    } finally {
      this.flushing = false;
    }
  }

  /** Re-reads the other daemons' totals into the mirror. */
  async refresh(): Promise<void> {
    if (this.link.state !== 'up') return;
    const now = this.clock();
    const day = utcDay(now);
    const month = utcMonth(now);
    try {
      const [dayHash, monthHash] = await Promise.all([
        this.link.cmd.hGetAll(this.keys.spendDay(day)),
        this.link.cmd.hGetAll(this.keys.spendMonth(month)),
      ]);
      const self = this.bus.daemon;
      this.mirror = { day, month, othersDay: othersByProvider(dayHash, self), othersMonth: othersByProvider(monthHash, self) };
      this.onChange();
    } catch {
      // Kept as it was; the next refresh or the resync tries again.
    }
  }

  private queueRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    const t = setTimeout(() => {
      this.refreshQueued = false;
      void this.refresh();
    }, FLUSH_MS);
    t.unref();
  }
}
