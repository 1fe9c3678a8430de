// Fits the learned difficulty model: logistic regression over the hashed features of
// src/engine/learned-score.ts, by AdaGrad, in-process and in seconds on ~15k prompts.
import type { LearnedCalibration } from '../engine/learned-blend.js';
import { blendedScore, defaultBlend, gainEstimate, quantiles } from '../engine/learned-blend.js';
import type { LearnedHead, LearnedModel } from '../engine/learned-score.js';
import { familyScale, forEachFeature } from '../engine/learned-score.js';

/** 4: adds the question-shape features (3: the gain/length rank blend of learned-blend.ts; 2: the heads' product). */
export const modelVersion = 4;

/** Entries in each quantile table stored with the model (enough for a smooth rank, small in JSON). */
const quantileCount = 101;

export interface TrainOptions {
  bits: number;
  epochs: number;
  rate: number;
  l2: number;
}

export const defaultTrainOptions: TrainOptions = { bits: 18, epochs: 12, rate: 0.08, l2: 1e-5 };

/** Each prompt's features once, as flat arrays, so epochs and folds do not re-hash the text. */
export interface FeatureMatrix {
  offsets: Int32Array;
  index: Int32Array;
  value: Float32Array;
  /** Each prompt's length in chars (the length rank of the blend). */
  lengths: Float64Array;
}

/** `chars`: each prompt's real length where it differs from the text (redacted traffic); default the text's. */
export function featureMatrix(prompts: readonly string[], bits: number, chars?: ArrayLike<number>): FeatureMatrix {
  const mask = (1 << bits) - 1;
  const index: number[] = [];
  const value: number[] = [];
  const offsets = new Int32Array(prompts.length + 1);
  prompts.forEach((p, i) => {
    const families: number[] = [];
    const counts = forEachFeature(p, (h, family) => {
      index.push(h & mask);
      families.push(family);
    });
    for (const family of families) value.push(familyScale(counts, family));
    offsets[i + 1] = index.length;
  });
  return {
    offsets,
    index: Int32Array.from(index),
    value: Float32Array.from(value),
    lengths: Float64Array.from(prompts, (p, i) => chars?.[i] ?? p.length),
  };
}

/** 1 where the strong model succeeds and the weak one fails (the single-head variant measured in README). */
export function gainLabels(strong: ArrayLike<number>, weak: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: strong.length }, (_, i) => Math.max(0, strong[i]! - weak[i]!));
}

/**
 * The GAIN model: one head for "the strong model is right", one for "the weak model is wrong"; the
 * score is their product. Predicting only "the weak model fails" would spend strong calls where both
 * fail. `rows` picks the training items.
 */
export function trainGainModel(
  x: FeatureMatrix,
  strong: ArrayLike<number>,
  weak: ArrayLike<number>,
  rows: ArrayLike<number>,
  opts: TrainOptions,
  order: (epoch: number) => ArrayLike<number>,
): LearnedModel {
  const weakWrong = Float64Array.from({ length: weak.length }, (_, i) => 1 - weak[i]!);
  return {
    version: modelVersion,
    bits: opts.bits,
    heads: [train(x, strong, rows, opts, order), train(x, weakWrong, rows, opts, order)],
    threshold: 0.5,
  };
}

export function train(
  x: FeatureMatrix,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  opts: TrainOptions,
  order: (epoch: number) => ArrayLike<number>,
): LearnedHead {
  const size = 1 << opts.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  let base = 0;
  for (let r = 0; r < rows.length; r++) base += labels[rows[r]!]!;
  // Start at the base rate so early steps learn features, not the prior.
  const prior = Math.min(0.99, Math.max(0.01, base / Math.max(1, rows.length)));
  bias = Math.log(prior / (1 - prior));
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const perm = order(epoch);
    for (let k = 0; k < perm.length; k++) {
      const i = rows[perm[k]!]!;
      const from = x.offsets[i]!;
      const to = x.offsets[i + 1]!;
      let z = bias;
      for (let j = from; j < to; j++) z += w[x.index[j]!]! * x.value[j]!;
      const g = 1 / (1 + Math.exp(-z)) - labels[i]!;
      biasG2 += g * g;
      bias -= (opts.rate * g) / Math.sqrt(biasG2);
      for (let j = from; j < to; j++) {
        const f = x.index[j]!;
        const gf = g * x.value[j]! + opts.l2 * w[f]!;
        g2[f] = g2[f]! + gf * gf;
        w[f] = w[f]! - (opts.rate * gf) / Math.sqrt(g2[f]!);
      }
    }
  }
  return { bias, weights: w };
}

function headProbability(head: LearnedHead, x: FeatureMatrix, i: number): number {
  let z = head.bias;
  for (let j = x.offsets[i]!; j < x.offsets[i + 1]!; j++) z += head.weights[x.index[j]!]! * x.value[j]!;
  return 1 / (1 + Math.exp(-z));
}

const rawGain = (model: LearnedModel, x: FeatureMatrix, i: number, weakExponent: number): number =>
  gainEstimate(headProbability(model.heads[0]!, x, i), headProbability(model.heads[1]!, x, i), weakExponent);

/**
 * The blend's quantile tables from the training rows themselves (the same in-sample ranks a new
 * request is placed among); thresholds per quality are added by whoever holds out items (fit.ts).
 */
export function calibrate(
  model: LearnedModel,
  x: FeatureMatrix,
  rows: ArrayLike<number>,
  blend: { weakExponent: number; lengthWeight: number } = defaultBlend,
): LearnedModel {
  const gains = Float64Array.from({ length: rows.length }, (_, r) => rawGain(model, x, rows[r]!, blend.weakExponent));
  const calibration: LearnedCalibration = {
    ...blend,
    gainQuantiles: quantiles(gains, quantileCount),
    lengthQuantiles: quantiles(
      Float64Array.from({ length: rows.length }, (_, r) => x.lengths[rows[r]!]!),
      quantileCount,
    ),
    thresholds: [],
  };
  return { ...model, calibration };
}

/** The planner's score for each row (learnedScore on the same model and prompt gives the same). */
export function scoreRows(model: LearnedModel, x: FeatureMatrix, rows: ArrayLike<number>): Float64Array {
  const cal = model.calibration;
  return Float64Array.from({ length: rows.length }, (_, r) => {
    const i = rows[r]!;
    return cal ? blendedScore(cal, rawGain(model, x, i, cal.weakExponent), x.lengths[i]!) : rawGain(model, x, i, 1);
  });
}
