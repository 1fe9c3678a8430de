// Fits the learned difficulty model: logistic regression over the hashed features of
// src/engine/learned-score.ts, by AdaGrad, in-process and in seconds on ~15k prompts.
import type { LearnedModel } from '../engine/learned-score.js';
import { familyScale, forEachFeature } from '../engine/learned-score.js';

export const modelVersion = 1;

export interface TrainOptions {
  bits: number;
  epochs: number;
  rate: number;
  l2: number;
}

export const defaultTrainOptions: TrainOptions = { bits: 18, epochs: 6, rate: 0.2, l2: 1e-6 };

/** Each prompt's features once, as flat arrays, so epochs and folds do not re-hash the text. */
export interface FeatureMatrix {
  offsets: Int32Array;
  index: Int32Array;
  value: Float32Array;
}

export function featureMatrix(prompts: readonly string[], bits: number): FeatureMatrix {
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
  return { offsets, index: Int32Array.from(index), value: Float32Array.from(value) };
}

/**
 * The label is the GAIN: 1 where the strong model succeeds and the weak one fails. Predicting only
 * "the weak model fails" would spend strong calls where both fail. `rows` picks the training items.
 */
export function gainLabels(strong: ArrayLike<number>, weak: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: strong.length }, (_, i) => Math.max(0, strong[i]! - weak[i]!));
}

export function train(x: FeatureMatrix, labels: ArrayLike<number>, rows: ArrayLike<number>, opts: TrainOptions, order: (epoch: number) => ArrayLike<number>): LearnedModel {
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
  return { version: modelVersion, bits: opts.bits, bias, weights: w, threshold: 0.5 };
}

export function scoreRows(model: LearnedModel, x: FeatureMatrix, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: rows.length }, (_, r) => {
    const i = rows[r]!;
    let z = model.bias;
    for (let j = x.offsets[i]!; j < x.offsets[i + 1]!; j++) z += model.weights[x.index[j]!]! * x.value[j]!;
    return 1 / (1 + Math.exp(-z));
  });
}
