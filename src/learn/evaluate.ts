// `router eval`: every router scored on the same items, the learned one out of sample
// (K folds, or trained on another file), the baselines beside it.
import type { CurvePoint, OutcomeTable, RouterQuality } from './curve.js';
import { accuracies, costQualityCurve, meanQuality, routerQuality } from './curve.js';
import type { LabeledItem } from './dataset.js';
import { outcomeTable } from './dataset.js';
import { heuristicScores, lengthScores, oracleScores, randomScores, seededRandom } from './routers.js';
import type { TrainOptions } from './train.js';
import { defaultTrainOptions, featureMatrix, scoreRows } from './train.js';
import type { TransferChoice } from './transfer.js';
import { fitForTransfer } from './transfer.js';

export const routerNames = ['learned', 'heuristic', 'length', 'random', 'oracle'] as const;
export type RouterName = (typeof routerNames)[number];

export interface EvalOptions {
  strong: string;
  weak: string;
  quality: number;
  /** Train on these and score `items`; otherwise K-fold cross-validation over `items`. */
  trainItems?: readonly LabeledItem[];
  folds: number;
  randomSeeds: number;
  train?: TrainOptions;
  /** Fixed settings instead of choosing them by leave-cluster-out validation (transfer.ts): for measuring alternatives. */
  choice?: TransferChoice;
  /** Each training's choice, as it is made (bench/family-splits.js prints them). */
  chose?: (choice: TransferChoice) => void;
  progress?: (message: string) => void;
}

export interface RouterReport extends RouterQuality {
  router: RouterName;
  /** Accuracy at share 0, 0.1, … 1 (for the ASCII curve). */
  curve: Array<{ share: number; accuracy: number }>;
}

export interface EvalReport {
  items: number;
  strong: { model: string; accuracy: number };
  weak: { model: string; accuracy: number };
  quality: number;
  /** quality × strong accuracy. */
  targetAccuracy: number;
  method: string;
  routers: RouterReport[];
}

const curveSteps = 10;

/** Accuracy at a share, on the straight line between curve points. */
export function accuracyAtShare(points: readonly CurvePoint[], share: number): number {
  for (let j = 1; j < points.length; j++) {
    const a = points[j - 1]!;
    const b = points[j]!;
    if (share <= b.share + 1e-12)
      return b.share === a.share ? b.accuracy : a.accuracy + ((share - a.share) / (b.share - a.share)) * (b.accuracy - a.accuracy);
  }
  return points.at(-1)?.accuracy ?? 0;
}

const sampled = (curves: readonly CurvePoint[][]): RouterReport['curve'] =>
  Array.from({ length: curveSteps + 1 }, (_, s) => {
    const share = s / curveSteps;
    return { share, accuracy: curves.reduce((sum, c) => sum + accuracyAtShare(c, share), 0) / curves.length };
  });

function shuffled(n: number, rng: () => number): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Out-of-sample learned scores for every item of `items`. */
export function learnedScores(items: readonly LabeledItem[], opts: EvalOptions): Float64Array {
  const t = opts.train ?? defaultTrainOptions;
  const order = (n: number) => (epoch: number) => shuffled(n, seededRandom(1_000 + epoch));
  if (opts.trainItems) {
    const all = [...opts.trainItems, ...items];
    const x = featureMatrix(
      all.map((it) => it.prompt),
      t.bits,
    );
    const table = outcomeTable(opts.trainItems, opts.strong, opts.weak);
    const rows = Int32Array.from({ length: opts.trainItems.length }, (_, i) => i);
    opts.progress?.(`training on ${rows.length} items`);
    const { model, choice } = fitForTransfer(x, table, rows, t, order, opts.choice);
    opts.chose?.(choice);
    return scoreRows(
      model,
      x,
      Int32Array.from({ length: items.length }, (_, i) => opts.trainItems!.length + i),
    );
  }
  const x = featureMatrix(
    items.map((it) => it.prompt),
    t.bits,
  );
  const table = outcomeTable(items, opts.strong, opts.weak);
  const fold = new Int32Array(items.length);
  shuffled(items.length, seededRandom(7)).forEach((item, k) => (fold[item] = k % opts.folds));
  const scores = new Float64Array(items.length);
  for (let f = 0; f < opts.folds; f++) {
    opts.progress?.(`fold ${f + 1}/${opts.folds}: training`);
    const trainRows = Int32Array.from(fold.keys()).filter((i) => fold[i] !== f);
    const testRows = Int32Array.from(fold.keys()).filter((i) => fold[i] === f);
    const { model, choice } = fitForTransfer(x, table, trainRows, t, order, opts.choice);
    opts.chose?.(choice);
    scoreRows(model, x, testRows).forEach((s, r) => (scores[testRows[r]!] = s));
  }
  return scores;
}

function report(router: RouterName, table: OutcomeTable, scoreSets: readonly ArrayLike<number>[], quality: number): RouterReport {
  const curves = scoreSets.map((s) => costQualityCurve(table, s));
  const q = meanQuality(curves.map((c) => routerQuality(table, c, quality)));
  // No price for either model (none in the items, none in the catalog): say so rather than print $0.
  const priced = curves[0]!.some((p) => p.cost > 0);
  return { router, ...q, cost: priced ? q.cost : null, curve: sampled(curves) };
}

export function evaluate(items: readonly LabeledItem[], opts: EvalOptions): EvalReport {
  const table = outcomeTable(items, opts.strong, opts.weak);
  const prompts = items.map((it) => it.prompt);
  const acc = accuracies(table);
  const seeds = Array.from({ length: opts.randomSeeds }, (_, s) => randomScores(items.length, seededRandom(s + 1)));
  const routers: RouterReport[] = [
    report('learned', table, [learnedScores(items, opts)], opts.quality),
    report('heuristic', table, [heuristicScores(prompts)], opts.quality),
    report('length', table, [lengthScores(prompts)], opts.quality),
    report('random', table, seeds, opts.quality),
    report('oracle', table, [oracleScores(table)], opts.quality),
  ];
  return {
    items: items.length,
    strong: { model: opts.strong, accuracy: acc.strong },
    weak: { model: opts.weak, accuracy: acc.weak },
    quality: opts.quality,
    targetAccuracy: opts.quality * acc.strong,
    method: opts.trainItems ? `trained on ${opts.trainItems.length} other items` : `${opts.folds}-fold cross-validation`,
    routers,
  };
}
