// Log-scale histograms merged from the hourly rollups, and percentiles read from them.
import type { DistributionDTO } from '../protocol/spend-dto.js';
import { fromNanoUsd } from './rollups.js';
import { addBuckets, bucketEdge } from './stats-rollups.js';

/** bucket -> count */
export type Histogram = Map<number, number>;

/** Nearest rank: the upper edge of the bucket holding the ceil(p * n)-th value; null when empty. */
export function percentile(h: Histogram, p: number): number | null {
  let n = 0;
  for (const c of h.values()) n += c;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const bucket of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(bucket) ?? 0;
    if (seen >= rank) return bucketEdge(bucket);
  }
  return null;
}

interface Rows {
  hour: number;
  target: string;
  requests: number;
  cost_nusd: number;
}

/** Latency and cost per request, per model (target), busiest first. */
export function distributions(
  hourly: readonly Rows[],
  histograms: ReadonlyArray<{ target: string; metric: string; flat: readonly number[] }>,
): DistributionDTO[] {
  const byTarget = new Map<string, { requests: number; costNusd: number; latency: Histogram; cost: Histogram }>();
  const of = (target: string) => {
    let d = byTarget.get(target);
    if (!d) byTarget.set(target, (d = { requests: 0, costNusd: 0, latency: new Map(), cost: new Map() }));
    return d;
  };
  for (const r of hourly) {
    if (r.target === '') continue;
    const d = of(r.target);
    d.requests += r.requests;
    d.costNusd += r.cost_nusd;
  }
  for (const h of histograms) {
    if (h.target === '' || h.metric === 'ttft') continue;
    addBuckets(h.metric === 'latency' ? of(h.target).latency : of(h.target).cost, h.flat);
  }
  return [...byTarget]
    .map(([target, d]) => ({
      target,
      requests: d.requests,
      latencyP50Ms: percentile(d.latency, 0.5),
      latencyP95Ms: percentile(d.latency, 0.95),
      latencyP99Ms: percentile(d.latency, 0.99),
      costP50Usd: percentile(d.cost, 0.5),
      costP95Usd: percentile(d.cost, 0.95),
      costAvgUsd: d.requests > 0 ? fromNanoUsd(d.costNusd) / d.requests : null,
      latency: [...d.latency].sort(([a], [b]) => a - b).map(([bucket, requests]) => ({ upToMs: bucketEdge(bucket), requests })),
    }))
    .sort((a, b) => b.requests - a.requests || a.target.localeCompare(b.target));
}
