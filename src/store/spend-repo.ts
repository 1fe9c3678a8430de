// Spend reads from the spend_daily rollup (an index seek on (provider, day)), plus whatever is still
// queued, so a budget check right after a request already sees that request's cost.
import type Database from 'better-sqlite3';
import { fromNanoUsd, type SpendDelta } from './rollups.js';
import type { SpendReader } from './types.js';

type Queued = () => Iterable<SpendDelta>;

export class SpendQueries implements SpendReader {
  private readonly inRange: Database.Statement<[string, string, string], { n: number | null }>;
  private readonly perProvider: Database.Statement<[string, string], { provider: string; n: number }>;

  constructor(
    db: Database.Database,
    private readonly queued: Queued = () => [],
  ) {
    this.inRange = db.prepare('SELECT SUM(cost_nusd) AS n FROM spend_daily WHERE provider = ? AND day BETWEEN ? AND ?');
    this.perProvider = db.prepare('SELECT provider, SUM(cost_nusd) AS n FROM spend_daily WHERE day BETWEEN ? AND ? GROUP BY provider');
  }

  day(provider: string, day: string): number {
    return this.range(provider, day, day);
  }

  range(provider: string, fromDay: string, toDay: string): number {
    let nusd = this.inRange.get(provider, fromDay, toDay)?.n ?? 0;
    for (const d of this.queuedIn(fromDay, toDay)) if (d.provider === provider) nusd += d.cost_nusd;
    return fromNanoUsd(nusd);
  }

  /** Providers with at least one attempt in the range, free ones included (at 0). */
  byProvider(fromDay: string, toDay: string): Record<string, number> {
    const nusd = new Map<string, number>();
    for (const row of this.perProvider.all(fromDay, toDay)) nusd.set(row.provider, row.n);
    for (const d of this.queuedIn(fromDay, toDay)) nusd.set(d.provider, (nusd.get(d.provider) ?? 0) + d.cost_nusd);
    const out: Record<string, number> = {};
    for (const [provider, n] of [...nusd].sort(([a], [b]) => a.localeCompare(b))) out[provider] = fromNanoUsd(n);
    return out;
  }

  private *queuedIn(fromDay: string, toDay: string): Generator<SpendDelta> {
    for (const d of this.queued()) if (d.day >= fromDay && d.day <= toDay) yield d;
  }
}
