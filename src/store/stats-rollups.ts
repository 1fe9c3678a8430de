// Rollups for `router stats` beyond the hourly counters: log-scale histograms (latency, time to
// first token, cost per request) and failover drift (planned first target -> who answered, and the
// error that moved it). Aggregated per write batch, like the spend and hourly rollups.
import { hourOf } from './rollups.js';
import type { AttemptRecord, RequestRecord } from './types.js';

/** 20 buckets per decade: each is 12% wide, plenty for p50/p95 of latency and cost. */
const BUCKETS_PER_DECADE = 20;
/** Zero and negative values (free requests) share one bucket below every real one. */
export const ZERO_BUCKET = -1_000_000;

export type HistogramMetric = 'latency' | 'ttft' | 'cost';

export function bucketOf(value: number): number {
  return value > 0 ? Math.floor(BUCKETS_PER_DECADE * Math.log10(value)) : ZERO_BUCKET;
}

/** The bucket's upper edge, to 3 significant digits: what a percentile in this bucket is reported as. */
export function bucketEdge(bucket: number): number {
  if (bucket === ZERO_BUCKET) return 0;
  return Number((10 ** ((bucket + 1) / BUCKETS_PER_DECADE)).toPrecision(3));
}

export interface HistogramDelta {
  hour: number;
  route: string;
  target: string;
  metric: HistogramMetric;
  /** bucket -> count */
  buckets: Map<number, number>;
}

/** Stored form: a flat JSON array [bucket, count, bucket, count, ...], buckets ascending. */
export function encodeBuckets(buckets: ReadonlyMap<number, number>): string {
  const flat: number[] = [];
  for (const b of [...buckets.keys()].sort((x, y) => x - y)) flat.push(b, buckets.get(b) ?? 0);
  return JSON.stringify(flat);
}

/** The stored form back as the flat [bucket, count, ...] array. */
export function decodeBuckets(json: string): number[] {
  return JSON.parse(json) as number[];
}

/** Adds flat [bucket, count, ...] pairs into `into` (in place) and returns it. */
export function addBuckets(into: Map<number, number>, flat: readonly number[]): Map<number, number> {
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const b = flat[i] as number;
    into.set(b, (into.get(b) ?? 0) + (flat[i + 1] as number));
  }
  return into;
}

export interface DriftDelta {
  hour: number;
  route: string;
  planned: string;
  /** '' when no attempt answered. */
  actual: string;
  /** Error class of the failed first attempt; '' when it did not say. */
  cause: string;
  requests: number;
}

/** One hour, route and target's deltas by metric, made as first counted into `out`. */
interface HistogramGroup {
  hour: number;
  route: string;
  target: string;
  out: HistogramDelta[];
  byMetric: Partial<Record<HistogramMetric, HistogramDelta>>;
}

export function histogramDeltas(requests: Iterable<RequestRecord>): HistogramDelta[] {
  // One key per hour, route and target, not one per metric: building and hashing the keys was most
  // of the cost (710 ns a request in a micro-bench). Deltas come out in the order they were made.
  const groups = new Map<string, HistogramGroup>();
  const out: HistogramDelta[] = [];
  for (const r of requests) {
    if (!Number.isFinite(r.ts)) continue;
    const hour = hourOf(r.ts);
    const route = r.route ?? '';
    const target = r.target ?? '';
    const key = `${hour}\u0000${route}\u0000${target}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { hour, route, target, out, byMetric: {} }));
    count(group, 'latency', r.latencyMs);
    if (r.ttftMs !== undefined) count(group, 'ttft', r.ttftMs);
    count(group, 'cost', r.costUsd);
  }
  return out;
}

function count(g: HistogramGroup, metric: HistogramMetric, value: number): void {
  let d = g.byMetric[metric];
  if (d === undefined) {
    d = g.byMetric[metric] = { hour: g.hour, route: g.route, target: g.target, metric, buckets: new Map() };
    g.out.push(d);
  }
  const bucket = bucketOf(value);
  d.buckets.set(bucket, (d.buckets.get(bucket) ?? 0) + 1);
}

/**
 * One row per request whose first attempt failed and that was answered by another target, or not
 * at all. `attempts` are the request's own, in any order.
 */
export function driftOf(request: RequestRecord, attempts: readonly AttemptRecord[]): Omit<DriftDelta, 'requests'> | undefined {
  let first: AttemptRecord | undefined;
  for (const a of attempts) if (!first || a.seq < first.seq) first = a;
  // A client that hung up is not drift: only a failed first attempt moved the request.
  if (!first || first.outcome !== 'failed') return undefined;
  const actual = request.outcome === 'ok' && request.target !== null ? request.target : '';
  if (actual === first.target) return undefined;
  return { hour: hourOf(request.ts), route: request.route ?? '', planned: first.target, actual, cause: first.errorClass ?? '' };
}

export function driftDeltas(entries: Iterable<{ request: RequestRecord; attempts: readonly AttemptRecord[] }>): DriftDelta[] {
  const byKey = new Map<string, DriftDelta>();
  for (const { request, attempts } of entries) {
    if (!Number.isFinite(request.ts)) continue;
    const d = driftOf(request, attempts);
    if (!d) continue;
    const key = `${d.hour}\u0000${d.route}\u0000${d.planned}\u0000${d.actual}\u0000${d.cause}`;
    const existing = byKey.get(key);
    if (existing) existing.requests += 1;
    else byKey.set(key, { ...d, requests: 1 });
  }
  return [...byKey.values()];
}
