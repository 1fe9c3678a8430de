// Fits the learned difficulty model: logistic regression over the hashed features of
// src/engine/learned-score.ts, by AdaGrad, in-process and in seconds on ~15k prompts.
import type { LearnedCalibration } from '../engine/learned-blend.js';
import { blendedScore, defaultBlend, gainEstimate, quantiles } from '../engine/learned-blend.js';
import type { LearnedHead, LearnedModel } from '../engine/learned-score.js';
import { familyScale, forEachFeature } from '../engine/learned-score.js';

/** 4: adds the question-shape features (3: the gain/length rank blend of learned-blend.ts; 2: the heads' product). */
export const modelVersion = 4;

/** Entries in each quantile table stored with the model (enough for a smooth rank, small in JSON). */
export const quantileCount = 101;

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
  /** Each entry's feature family (Family: word, char, shape), for what transfer.ts keeps. */
  family: Uint8Array;
  /** Each prompt's length in chars (the length rank of the blend). */
  lengths: Float64Array;
}

/** `chars`: each prompt's real length where it differs from the text (redacted traffic); default the text's. */
export function featureMatrix(prompts: readonly string[], bits: number, chars?: ArrayLike<number>): FeatureMatrix {
  const mask = (1 << bits) - 1;
  const index: number[] = [];
  const value: number[] = [];
  const family: number[] = [];
  const offsets = new Int32Array(prompts.length + 1);
  prompts.forEach((p, i) => {
    const from = family.length;
    const counts = forEachFeature(p, (h, f) => {
      index.push(h & mask);
      family.push(f);
    });
    for (let j = from; j < family.length; j++) value.push(familyScale(counts, family[j]!));
    offsets[i + 1] = index.length;
  });
  return {
    offsets,
    index: Int32Array.from(index),
    value: Float32Array.from(value),
    family: Uint8Array.from(family),
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
  const heads = gainHeadTrainers(x, strong, weak, rows, opts);
  for (let epoch = 0; epoch < opts.epochs; epoch++) for (const h of heads) h.epoch(order(epoch));
  return { version: modelVersion, bits: opts.bits, heads: heads.map((h) => h.head()), threshold: 0.5 };
}

/** The gain model's two heads, untrained: P(strong model right) and P(weak model wrong). */
export function gainHeadTrainers(
  x: FeatureMatrix,
  strong: ArrayLike<number>,
  weak: ArrayLike<number>,
  rows: ArrayLike<number>,
  opts: TrainOptions,
): [HeadTrainer, HeadTrainer] {
  const weakWrong = Float64Array.from({ length: weak.length }, (_, i) => 1 - weak[i]!);
  return [new HeadTrainer(x, strong, rows, opts), new HeadTrainer(x, weakWrong, rows, opts)];
}

/**
 * One logistic head fitted by AdaGrad an epoch at a time, so a caller can score it between epochs
 * (transfer.ts stops early where held-out pseudo-families stop improving).
 */
export class HeadTrainer {
  private readonly w: Float32Array;
  private readonly g2: Float32Array;
  private bias: number;
  private biasG2 = 1e-8;

  constructor(
    private readonly x: FeatureMatrix,
    private readonly labels: ArrayLike<number>,
    private readonly rows: ArrayLike<number>,
    private readonly opts: TrainOptions,
  ) {
    const size = 1 << opts.bits;
    this.w = new Float32Array(size);
    this.g2 = new Float32Array(size).fill(1e-8);
    let base = 0;
    for (let r = 0; r < rows.length; r++) base += labels[rows[r]!]!;
    // Start at the base rate so early steps learn features, not the prior.
    const prior = Math.min(0.99, Math.max(0.01, base / Math.max(1, rows.length)));
    this.bias = Math.log(prior / (1 - prior));
  }

  /** One pass over the rows in the order `perm` (positions in `rows`). */
  epoch(perm: ArrayLike<number>): void {
    const { x, labels, rows, opts, w, g2 } = this;
    let bias = this.bias;
    let biasG2 = this.biasG2;
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
    this.bias = bias;
    this.biasG2 = biasG2;
  }

  /** The head as it stands (shares the weights: copy before training on). */
  head(): LearnedHead {
    return { bias: this.bias, weights: this.w };
  }
}

export function train(
  x: FeatureMatrix,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  opts: TrainOptions,
  order: (epoch: number) => ArrayLike<number>,
): LearnedHead {
  const trainer = new HeadTrainer(x, labels, rows, opts);
  for (let epoch = 0; epoch < opts.epochs; epoch++) trainer.epoch(order(epoch));
  return trainer.head();
}

function headProbability(head: LearnedHead, x: FeatureMatrix, i: number): number {
  let z = head.bias;
  for (let j = x.offsets[i]!; j < x.offsets[i + 1]!; j++) z += head.weights[x.index[j]!]! * x.value[j]!;
  return 1 / (1 + Math.exp(-z));
}

/** Both heads' probabilities for each row: P(strong model right), P(weak model wrong). */
export function headProbabilityRows(
  model: LearnedModel,
  x: FeatureMatrix,
  rows: ArrayLike<number>,
): { strongRight: Float64Array; weakWrong: Float64Array } {
  return {
    strongRight: Float64Array.from(rows, (i) => headProbability(model.heads[0]!, x, i)),
    weakWrong: Float64Array.from(rows, (i) => headProbability(model.heads[1]!, x, i)),
  };
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
