// Route weights: one score in [0, 1] per candidate from its cost, latency and quality, each part
// relative to the best candidate of the same decision (so the scale of prices or milliseconds does
// not matter, only how far a target is from the best one). Used by `adaptive` (when the route sets
// weights) and by the bandit's reward.
import type { Weights } from '../config/experiment-schema.js';
import type { ModelEntry, Tier } from '../config/schema.js';
import type { RatingStat } from './types.js';

export type { Weights } from '../config/experiment-schema.js';

export interface ScoreParts {
  /** Each part is already multiplied by its normalised weight; total is their sum. */
  cost: number;
  latency: number;
  quality: number;
  total: number;
}

const equal: Weights = { cost: 1 / 3, latency: 1 / 3, quality: 1 / 3 };

/** Weights that add up to 1; absent or all zero: equal thirds. */
export function normaliseWeights(w: Weights | undefined): Weights {
  if (!w) return equal;
  const sum = w.cost + w.latency + w.quality;
  return sum > 0 ? { cost: w.cost / sum, latency: w.latency / sum, quality: w.quality / sum } : equal;
}

/** A cost within a hundredth of a cent of free still scores well: ratios near zero would be noise. */
const costFloorUsd = 1e-6;
const latencyFloorMs = 1;

/** best/value in (0, 1]: 1 for the best candidate, 0.5 for one twice as slow or dear. */
export function relativeScore(value: number, best: number, floor: number): number {
  return Math.min(1, (Math.max(best, 0) + floor) / (Math.max(value, 0) + floor));
}

const tierPrior: Readonly<Record<Tier, number>> = { basic: 0.25, standard: 0.5, strong: 0.75, premium: 1 };

/** Ratings decide once there are some; before that, the catalog tier is the guess (two ratings' worth). */
export function qualityScore(rating: RatingStat | undefined, entry: ModelEntry | undefined): number {
  const prior = entry?.tier ? tierPrior[entry.tier] : 0.5;
  const good = rating?.good ?? 0;
  const bad = rating?.bad ?? 0;
  return (good + 2 * prior) / (good + bad + 2);
}

export function scoreParts(
  costUsd: number,
  latencyMs: number,
  quality: number,
  best: { costUsd: number; latencyMs: number },
  w: Weights,
): ScoreParts {
  const cost = w.cost * relativeScore(costUsd, best.costUsd, costFloorUsd);
  const latency = w.latency * relativeScore(latencyMs, best.latencyMs, latencyFloorMs);
  const q = w.quality * quality;
  return { cost, latency, quality: q, total: cost + latency + q };
}
