// Aggregation of a write batch into rollup deltas (spend per provider/day, requests per hour/route/target).
// Pre-aggregating in memory turns N rows into a handful of UPSERTs per flush.
import type { AttemptRecord, RequestRecord } from './types.js';

const HOUR_MS = 3_600_000;
const NANO = 1e9;

/** UTC yyyy-mm-dd of a ms-epoch timestamp. */
export const utcDay = (ts: number): string => new Date(ts).toISOString().slice(0, 10);
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

export const spendDeltas = (attempts: Iterable<AttemptRecord>): SpendDelta[] => [
  ...accumulateSpend(new Map(), attempts).values(),
];

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
        hour, route, target, requests: 0, ok: 0, errors: 0, aborted: 0, attempts: 0, latency_ms_sum: 0,
        ttft_ms_sum: 0, ttft_count: 0, tokens_in: 0, tokens_out: 0, tokens_cached: 0, cost_nusd: 0,
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
