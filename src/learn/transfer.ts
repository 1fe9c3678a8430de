// How long to train, chosen INSIDE the training data by leave-cluster-out validation, never by
// looking at the data the model will be scored on.
//
// Measured (README, Routing quality): the longer the heads train, the more they learn the topic
// words of the training families, which mislead on families they never saw, while in family the
// gain levels off after a few epochs. So the training prompts are clustered by vocabulary into
// pseudo-families (pseudo-families.ts, no labels), the heads are trained on half of the clusters
// and scored on the other half after every epoch, both ways, and the epoch count with the best
// held-out APGR (the whole curve: steadier than one point of it) is the one used on everything.
import type { LearnedModel } from '../engine/learned-score.js';
import { blendedScore, defaultBlend, gainEstimate, quantiles } from '../engine/learned-blend.js';
import { seededRandom } from '../engine/random.js';
import type { OutcomeTable } from './curve.js';
import { costQualityCurve, routerQuality } from './curve.js';
import { pseudoFamilies } from './pseudo-families.js';
import type { FeatureMatrix, TrainOptions } from './train.js';
import { calibrate, gainHeadTrainers, headProbabilityRows, modelVersion, quantileCount, trainGainModel } from './train.js';

export interface TransferChoice {
  /** Epochs of AdaGrad over the training rows (at most TrainOptions.epochs). */
  epochs: number;
  /** False when there were too few items to validate on (or the count was given): all the epochs. */
  validated: boolean;
}

/** Fewer training items than this: no validation (halves of a few hundred are noise); all the epochs. */
export const minItemsToChoose = 1_000;

/** Pseudo-families found in the training prompts, half of them held out at a time. */
export const familyCount = 16;

type Order = (n: number) => (epoch: number) => ArrayLike<number>;

const subTable = (t: OutcomeTable, rows: ArrayLike<number>): OutcomeTable => ({
  strong: Float64Array.from(rows, (i) => t.strong[i]!),
  weak: Float64Array.from(rows, (i) => t.weak[i]!),
  strongCost: new Float64Array(rows.length),
  weakCost: new Float64Array(rows.length),
});

/** The quantile tables need no more than this many of the fitted rows (evenly spaced). */
const quantileRows = 2_000;

/** Held-out APGR of the planner's score (the default blend, ranks among the fitted rows). */
function heldOutApgr(model: LearnedModel, x: FeatureMatrix, fitRows: Int32Array, held: Int32Array, sub: OutcomeTable): number | null {
  const step = Math.max(1, fitRows.length / quantileRows);
  const fit = Int32Array.from({ length: Math.min(fitRows.length, quantileRows) }, (_, s) => fitRows[Math.floor(s * step)]!);
  const { weakExponent, lengthWeight } = defaultBlend;
  const gains = (rows: Int32Array) => {
    const p = headProbabilityRows(model, x, rows);
    return Float64Array.from(p.strongRight, (s, r) => gainEstimate(s, p.weakWrong[r]!, weakExponent));
  };
  const cal = {
    weakExponent,
    lengthWeight,
    gainQuantiles: quantiles(gains(fit), quantileCount),
    lengthQuantiles: quantiles(
      Float64Array.from(fit, (i) => x.lengths[i]!),
      quantileCount,
    ),
    thresholds: [],
  };
  const heldGains = gains(held);
  const scores = Float64Array.from(held, (i, r) => blendedScore(cal, heldGains[r]!, x.lengths[i]!));
  return routerQuality(sub, costQualityCurve(sub, scores), 0.95).apgr;
}

/**
 * Leave-cluster-out early stopping: the pseudo-families split in two at random (seeded), the heads
 * trained on each half and scored on the other after every epoch; the epoch count with the best
 * mean held-out APGR (the fewer on a tie).
 */
export function chooseTransfer(x: FeatureMatrix, table: OutcomeTable, rows: Int32Array, opts: TrainOptions, order: Order): TransferChoice {
  if (rows.length < minItemsToChoose) return { epochs: opts.epochs, validated: false };
  const family = pseudoFamilies(x, rows, familyCount);
  const rng = seededRandom(50);
  const inFirst = new Set<number>();
  while (inFirst.size < familyCount / 2) inFirst.add(Math.floor(rng() * familyCount));
  const first = rows.filter((_, r) => inFirst.has(family[r]!));
  const second = rows.filter((_, r) => !inFirst.has(family[r]!));
  if (first.length === 0 || second.length === 0) return { epochs: opts.epochs, validated: false };
  const sums = new Float64Array(opts.epochs);
  for (const [fit, held] of [
    [first, second],
    [second, first],
  ] as const) {
    const heads = gainHeadTrainers(x, table.strong, table.weak, fit, opts);
    const sub = subTable(table, held);
    const perms = order(fit.length);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (const h of heads) h.epoch(perms(epoch));
      const model = { version: modelVersion, bits: opts.bits, heads: heads.map((h) => h.head()), threshold: 0.5 };
      sums[epoch] = sums[epoch]! + (heldOutApgr(model, x, fit, held, sub) ?? -Infinity);
    }
  }
  let best = 0;
  for (let e = 1; e < sums.length; e++) if (sums[e]! > sums[best]!) best = e;
  return { epochs: best + 1, validated: true };
}

/**
 * The model `router learn` stores and `router eval` scores: the epoch count (validated, or given),
 * the heads trained that long on `rows`, then the blend's quantile tables.
 */
export function fitForTransfer(
  x: FeatureMatrix,
  table: OutcomeTable,
  rows: Int32Array,
  opts: TrainOptions,
  order: Order,
  given?: TransferChoice,
): { model: LearnedModel; choice: TransferChoice } {
  const choice = given ?? chooseTransfer(x, table, rows, opts, order);
  const model = trainGainModel(x, table.strong, table.weak, rows, { ...opts, epochs: choice.epochs }, order(rows.length));
  return { model: calibrate(model, x, rows), choice };
}
