// How the learned model's raw gain estimate becomes the score the planner compares to a threshold.
//
// Measured (README, Routing quality): a model of topic words transfers badly to task families it
// never saw, while prompt length is a weak but family-independent signal. The score is therefore a
// blend of RANKS: where the gain estimate falls among the training prompts' estimates, and where the
// prompt's length falls among theirs. Ranks put both on one 0..1 scale without assuming either is
// calibrated. Pure; the quantile tables are computed once when the model is fitted.

export interface LearnedCalibration {
  /** Exponent on the "weak model wrong" head: under 1 it leans less on topic words that do not transfer. */
  weakExponent: number;
  /** Weight (0..1) of the prompt-length rank in the score; the gain rank gets the rest. */
  lengthWeight: number;
  /** Ascending quantiles of the training prompts' gain estimates and lengths (chars). */
  gainQuantiles: number[];
  lengthQuantiles: number[];
  /** Threshold on the blended score per target quality (ascending quality), from held-out items. */
  thresholds: Array<{ quality: number; threshold: number }>;
}

/** The defaults `router learn` and `router eval` use; how they were chosen is in the README. */
export const defaultBlend = { weakExponent: 0.25, lengthWeight: 0.4 } as const;

/** Where `value` falls in an ascending table, 0..1, interpolated between entries (ties take the middle). */
export function rankIn(table: readonly number[], value: number): number {
  const n = table.length;
  if (n === 0) return 0.5;
  if (value < table[0]!) return 0;
  if (value > table[n - 1]!) return 1;
  if (n === 1) return 0.5;
  // First index with table[i] >= value, and first with table[i] > value.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < n && table[end] === value) end++;
  if (end > lo) return (lo + end - 1) / 2 / (n - 1);
  const a = table[lo - 1]!;
  const b = table[lo]!;
  return (lo - 1 + (value - a) / (b - a)) / (n - 1);
}

/** `count` quantiles (ascending) of the values, the first and last being the minimum and maximum. */
export function quantiles(values: ArrayLike<number>, count: number): number[] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return [];
  return Array.from({ length: count }, (_, k) => sorted[Math.round((k * (sorted.length - 1)) / Math.max(1, count - 1))]!);
}

/** The gain estimate from the two heads' probabilities: P(strong right) × P(weak wrong)^exponent. */
export const gainEstimate = (strongRight: number, weakWrong: number, weakExponent: number): number =>
  strongRight * (weakExponent === 1 ? weakWrong : Math.pow(weakWrong, weakExponent));

export function blendedScore(cal: LearnedCalibration, gain: number, promptChars: number): number {
  const g = rankIn(cal.gainQuantiles, gain);
  return cal.lengthWeight === 0 ? g : (1 - cal.lengthWeight) * g + cal.lengthWeight * rankIn(cal.lengthQuantiles, promptChars);
}

/**
 * The threshold for a target quality: the stored one for the nearest quality at or above it (a
 * stricter target never gets a looser threshold); above the highest stored, the highest's.
 */
export function thresholdFor(cal: LearnedCalibration | undefined, fallback: number, quality: number | undefined): number {
  if (quality === undefined || !cal || cal.thresholds.length === 0) return fallback;
  const at = cal.thresholds.find((t) => t.quality >= quality - 1e-9);
  return (at ?? cal.thresholds.at(-1)!).threshold;
}
