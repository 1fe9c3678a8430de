// The arithmetic of `router experiment report`: per-arm figures, and each arm against the control
// with a 95% interval from the normal approximation. Proportions (success, good ratings) compare
// in percentage points; means (latency, cost) compare relative to the control's mean, with the
// delta-method standard error of the ratio (mean_b - mean_a) / mean_a.
import type { ArmComparison, ArmStats, Difference } from '../protocol/learning-dto.js';

const Z95 = 1.96;

export interface ArmSample {
  arm: string;
  outcome: string;
  latencyMs: number;
  costUsd: number;
  rating: string | null;
}

interface Moments {
  n: number;
  mean: number;
  /** Sample variance (n - 1 in the denominator); 0 for n < 2. */
  variance: number;
}

export function moments(values: readonly number[]): Moments {
  const n = values.length;
  if (n === 0) return { n, mean: 0, variance: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? 0 : values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

interface ArmData {
  stats: ArmStats;
  latencies: number[];
  costs: number[];
}

export function armData(arm: string, rows: readonly ArmSample[]): ArmData {
  const mine = rows.filter((r) => r.arm === arm);
  const latencies = mine
    .filter((r) => r.outcome === 'ok')
    .map((r) => r.latencyMs)
    .sort((a, b) => a - b);
  const costs = mine.map((r) => r.costUsd);
  const ok = mine.filter((r) => r.outcome === 'ok').length;
  const m = moments(latencies);
  return {
    latencies,
    costs,
    stats: {
      arm,
      requests: mine.length,
      ok,
      successPct: mine.length === 0 ? 0 : (ok / mine.length) * 100,
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      latencyMeanMs: m.n === 0 ? null : m.mean,
      costPerRequestUsd: moments(costs).mean,
      ratings: { good: mine.filter((r) => r.rating === 'good').length, bad: mine.filter((r) => r.rating === 'bad').length },
    },
  };
}

/** Difference of two proportions in points, with the unpooled standard error. */
export function proportionDifference(okA: number, nA: number, okB: number, nB: number): { estimate: number; interval: number } | null {
  if (nA < 2 || nB < 2) return null;
  const pA = okA / nA;
  const pB = okB / nB;
  const se = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  return { estimate: (pB - pA) * 100, interval: Z95 * se * 100 };
}

/** (mean_b - mean_a) / mean_a in percent, with its delta-method standard error. */
export function relativeDifference(a: Moments, b: Moments): { estimate: number; interval: number } | null {
  if (a.n < 2 || b.n < 2 || a.mean <= 0) return null;
  const ratio = b.mean / a.mean;
  const se = Math.sqrt(b.variance / b.n / a.mean ** 2 + (b.mean ** 2 * (a.variance / a.n)) / a.mean ** 4);
  return { estimate: (ratio - 1) * 100, interval: Z95 * se * 100 };
}

const words = {
  success: { name: 'success', more: 'succeeds more often', less: 'succeeds less often' },
  latency: { name: 'latency', more: 'is slower', less: 'is faster' },
  cost: { name: 'cost', more: 'is dearer', less: 'is cheaper' },
  rating: { name: 'ratings', more: 'is rated better', less: 'is rated worse' },
} as const;

/** Whole numbers from 10 up, one decimal below (rounded first, so 9.9999 prints as 10). */
const fmt = (v: number): string => {
  const r = Math.round(Math.abs(v) * 10) / 10;
  return r >= 10 ? r.toFixed(0) : r.toFixed(1);
};

export function difference(metric: Difference['metric'], arm: string, d: { estimate: number; interval: number } | null): Difference {
  const unit = metric === 'success' || metric === 'rating' ? 'points' : 'percent';
  const w = words[metric];
  if (d === null) return { metric, unit, estimate: null, interval: null, significant: false, verdict: `${w.name}: too few to tell` };
  const significant = Math.abs(d.estimate) > d.interval;
  const suffix = unit === 'points' ? ' points' : '%';
  const verdict = significant
    ? `${arm} ${d.estimate > 0 ? w.more : w.less} by ${fmt(Math.abs(d.estimate))}${suffix === '%' ? '%' : ''} ± ${fmt(d.interval)}${suffix}`
    : `${w.name} not different`;
  return { metric, unit, estimate: d.estimate, interval: d.interval, significant, verdict };
}

export function compareArms(control: ArmData, other: ArmData): ArmComparison {
  const a = control.stats;
  const b = other.stats;
  const rated = (s: ArmStats) => s.ratings.good + s.ratings.bad;
  const differences = [
    difference('cost', b.arm, relativeDifference(moments(control.costs), moments(other.costs))),
    difference('latency', b.arm, relativeDifference(moments(control.latencies), moments(other.latencies))),
    difference('success', b.arm, proportionDifference(a.ok, a.requests, b.ok, b.requests)),
    difference('rating', b.arm, proportionDifference(a.ratings.good, rated(a), b.ratings.good, rated(b))),
  ];
  return { arm: b.arm, control: a.arm, differences, verdict: differences.map((d) => d.verdict).join('; ') };
}

/** The control is the first arm of the split as configured (or by name for a removed experiment). */
export function experimentReport(arms: readonly string[], rows: readonly ArmSample[]): { arms: ArmStats[]; comparisons: ArmComparison[] } {
  const data = arms.map((arm) => armData(arm, rows));
  const [control, ...others] = data;
  return { arms: data.map((d) => d.stats), comparisons: control ? others.map((o) => compareArms(control, o)) : [] };
}
