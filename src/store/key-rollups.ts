// Per-key rollups fed by the ledger's write batch: cost per key per UTC day and month (budgets read
// it after a restart) and hourly counters per key (`router stats --by key`). Requests made without
// a key add nothing here.
import type Database from 'better-sqlite3';
import { hourlyDeltas, toNanoUsd, utcDay } from './rollups.js';
import type { RequestRecord } from './types.js';

interface KeySpendDelta {
  key_name: string;
  period: string;
  cost_nusd: number;
  requests: number;
}

export function keySpendDeltas(requests: Iterable<RequestRecord>): KeySpendDelta[] {
  const byKey = new Map<string, KeySpendDelta>();
  for (const r of requests) {
    if (r.keyName === undefined) continue;
    const day = utcDay(r.ts);
    // The same cost counts toward the key's day and its month.
    for (const period of [day, day.slice(0, 7)]) {
      const id = `${r.keyName}\u0000${period}`;
      let d = byKey.get(id);
      if (!d) byKey.set(id, (d = { key_name: r.keyName, period, cost_nusd: 0, requests: 0 }));
      d.cost_nusd += toNanoUsd(r.costUsd);
      d.requests += 1;
    }
  }
  return [...byKey.values()];
}

export class KeyRollupWriter {
  private readonly upsertSpend: Database.Statement<[KeySpendDelta]>;
  private readonly upsertHourly: Database.Statement<[Record<string, unknown>]>;

  constructor(db: Database.Database) {
    this.upsertSpend = db.prepare(`
      INSERT INTO key_spend (key_name, period, cost_nusd, requests) VALUES (@key_name, @period, @cost_nusd, @requests)
      ON CONFLICT (key_name, period) DO UPDATE SET cost_nusd = cost_nusd + excluded.cost_nusd, requests = requests + excluded.requests`);
    this.upsertHourly = db.prepare(`
      INSERT INTO requests_hourly_key (hour, key_name, route, target, requests, ok, errors, aborted, latency_ms_sum,
        tokens_in, tokens_out, tokens_cached, cost_nusd, cache_hits)
      VALUES (@hour, @key_name, @route, @target, @requests, @ok, @errors, @aborted, @latency_ms_sum,
        @tokens_in, @tokens_out, @tokens_cached, @cost_nusd, @cache_hits)
      ON CONFLICT (hour, key_name, route, target) DO UPDATE SET
        requests = requests + excluded.requests, ok = ok + excluded.ok, errors = errors + excluded.errors,
        aborted = aborted + excluded.aborted, latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum,
        tokens_in = tokens_in + excluded.tokens_in, tokens_out = tokens_out + excluded.tokens_out,
        tokens_cached = tokens_cached + excluded.tokens_cached, cost_nusd = cost_nusd + excluded.cost_nusd,
        cache_hits = cache_hits + excluded.cache_hits`);
  }

  /** Call inside a transaction, with the requests actually inserted. */
  write(requests: readonly RequestRecord[]): void {
    const keyed = requests.filter((r) => r.keyName !== undefined);
    if (keyed.length === 0) return;
    for (const d of keySpendDeltas(keyed)) this.upsertSpend.run(d);
    const byKey = new Map<string, RequestRecord[]>();
    for (const r of keyed) {
      const list = byKey.get(r.keyName as string);
      if (list) list.push(r);
      else byKey.set(r.keyName as string, [r]);
    }
    for (const [key_name, rs] of byKey) {
      const hits = new Map<string, number>();
      for (const r of rs) {
        if (r.cache !== 'hit') continue;
        const id = `${Math.floor(r.ts / 3_600_000) * 3_600_000}\u0000${r.route ?? ''}\u0000${r.target ?? ''}`;
        hits.set(id, (hits.get(id) ?? 0) + 1);
      }
      for (const d of hourlyDeltas(rs)) {
        const { attempts: _a, ttft_ms_sum: _t, ttft_count: _c, ...counters } = d;
        this.upsertHourly.run({ ...counters, key_name, cache_hits: hits.get(`${d.hour}\u0000${d.route}\u0000${d.target}`) ?? 0 });
      }
    }
  }
}

/** A key's spend in a UTC day (yyyy-mm-dd) or month (yyyy-mm), from the rollup. */
export class KeySpendQueries {
  private readonly one: Database.Statement<[string, string], { cost_nusd: number }>;

  constructor(db: Database.Database) {
    this.one = db.prepare('SELECT cost_nusd FROM key_spend WHERE key_name = ? AND period = ?');
  }

  spentUsd(keyName: string, period: string): number {
    return (this.one.get(keyName, period)?.cost_nusd ?? 0) / 1e9;
  }
}
