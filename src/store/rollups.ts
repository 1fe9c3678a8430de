// Aggregation of a write batch into rollup deltas (spend per provider/day, requests per hour/route/target).
// Pre-aggregating in memory turns N rows into a handful of UPSERTs per flush.
import type { AttemptRecord, RequestRecord } from './types.js';

const HOUR_MS = 3_600_000;
const NANO = 1e9;

const DAY_MS = 86_400_000;

/** The last day utcDay answered: every request of a day asks for it (twice: the spend tally and the writer). */
let lastDay = Number.NaN;
let lastDayText = '';

/**
 * UTC yyyy-mm-dd of a ms-epoch timestamp. Civil date from the day number by arithmetic (Howard
 * Hinnant's days-to-civil): formatting a Date costs more than the rest of a ledger write.
 */
export function utcDay(ts: number): string {
  const day = Math.floor(ts / DAY_MS);
  if (day === lastDay) return lastDayText;
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  lastDay = day;
  lastDayText = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
  return lastDayText;
}
export const hourOf = (ts: number): number => Math.floor(ts / HOUR_MS) * HOUR_MS;
export const toNanoUsd = (usd: number): number => Math.round(usd * NANO);
export const fromNanoUsd = (nusd: number): number => nusd / NANO;

export interface SpendDelta {
  provider: string;
  day: string;
  cost_nusd: number;
  attempts: number;
  failed: number;
  tokens_in: number;
  tokens_out: number;
}

export interface HourlyDelta {
  hour: number;
  /** '' stands for null: SQLite primary keys treat NULLs as distinct, which would split the rollup. */
  route: string;
  target: string;
  requests: number;
  ok: number;
  errors: number;
  aborted: number;
  attempts: number;
  latency_ms_sum: number;
  ttft_ms_sum: number;
  ttft_count: number;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  cost_nusd: number;
}

/**
 * Adds attempts into a provider/day tally (in place) and returns it. Attempts with a non-finite ts
 * are skipped: this runs on enqueue, which must never throw; the writer rejects such rows anyway.
 */
export function accumulateSpend(into: Map<string, SpendDelta>, attempts: Iterable<AttemptRecord>): Map<string, SpendDelta> {
  for (const a of attempts) {
    if (!Number.isFinite(a.ts)) continue;
    const day = utcDay(a.ts);
    const key = `${a.provider}\u0000${day}`;
    let d = into.get(key);
    if (!d) {
      d = { provider: a.provider, day, cost_nusd: 0, attempts: 0, failed: 0, tokens_in: 0, tokens_out: 0 };
      into.set(key, d);
    }
    d.cost_nusd += toNanoUsd(a.costUsd);
    d.attempts += 1;
    d.failed += a.outcome === 'failed' ? 1 : 0;
    d.tokens_in += a.tokensIn;
    d.tokens_out += a.tokensOut;
  }
  return into;
}

export const spendDeltas = (attempts: Iterable<AttemptRecord>): SpendDelta[] => [...accumulateSpend(new Map(), attempts).values()];

export function hourlyDeltas(requests: Iterable<RequestRecord>): HourlyDelta[] {
  const byKey = new Map<string, HourlyDelta>();
  for (const r of requests) {
    const hour = hourOf(r.ts);
    const route = r.route ?? '';
    const target = r.target ?? '';
    const key = `${hour}\u0000${route}\u0000${target}`;
    let d = byKey.get(key);
    if (!d) {
      d = {
        hour,
        route,
        target,
        requests: 0,
        ok: 0,
        errors: 0,
        aborted: 0,
        attempts: 0,
        latency_ms_sum: 0,
        ttft_ms_sum: 0,
        ttft_count: 0,
        tokens_in: 0,
        tokens_out: 0,
        tokens_cached: 0,
        cost_nusd: 0,
      };
      byKey.set(key, d);
    }
    d.requests += 1;
    d.ok += r.outcome === 'ok' ? 1 : 0;
    d.errors += r.outcome === 'error' ? 1 : 0;
    d.aborted += r.outcome === 'aborted' ? 1 : 0;
    d.attempts += r.attempts;
    d.latency_ms_sum += r.latencyMs;
    if (r.ttftMs !== undefined) {
      d.ttft_ms_sum += r.ttftMs;
      d.ttft_count += 1;
    }
    d.tokens_in += r.tokensIn;
    d.tokens_out += r.tokensOut;
    d.tokens_cached += r.tokensCached;
    d.cost_nusd += toNanoUsd(r.costUsd);
  }
  return [...byKey.values()];
}
