// `router learn --data`: fit the model on every item, with the planner's threshold picked on a
// held-out fifth first (in-sample scores would pick a threshold that sends too little to strong).
import type { LearnedModel } from '../engine/learned-score.js';
import { costQualityCurve, routerQuality } from './curve.js';
import type { LabeledItem } from './dataset.js';
import { outcomeTable } from './dataset.js';
import { seededRandom } from './routers.js';
import { defaultTrainOptions, featureMatrix, scoreRows } from './train.js';
import type { TransferChoice } from './transfer.js';
import { fitForTransfer } from './transfer.js';

export interface FitOptions {
  strong: string;
  weak: string;
  quality: number;
}

export interface FitResult {
  model: LearnedModel;
  /** What `router learn status` shows. */
  meta: {
    items: number;
    strong: string;
    weak: string;
    quality: number;
    threshold: number;
    heldOutStrongShare: number | null;
    /** What leave-cluster-out validation chose (transfer.ts). */
    transfer: TransferChoice;
  };
}

const order = (n: number) => (epoch: number) => {
  const rng = seededRandom(1_000 + epoch);
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

/** The score at which the held-out items reach the target: everything at or above it goes strong. */
function thresholdAt(scores: Float64Array, share: number): number {
  const sorted = Float64Array.from(scores).sort().reverse();
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[k] ?? 0.5;
}

/** Target qualities a route may ask for (`routes.<id>.quality`): 0.50, 0.51, … 1.00. */
const storedQualities = Array.from({ length: 51 }, (_, k) => Math.round(50 + k) / 100);

export function fitModel(items: readonly LabeledItem[], opts: FitOptions): FitResult {
  const t = defaultTrainOptions;
  const x = featureMatrix(
    items.map((it) => it.prompt),
    t.bits,
    items.map((it) => it.chars ?? it.prompt.length),
  );
  const table = outcomeTable(items, opts.strong, opts.weak);
  const all = Int32Array.from({ length: items.length }, (_, i) => i);
  const heldOut = all.filter((i) => i % 5 === 4);
  const rest = all.filter((i) => i % 5 !== 4);
  // Chosen on the first four fifths, then kept for the refit on everything (its thresholds carry over).
  const { model: probe, choice } = fitForTransfer(x, table, rest, t, order);
  const scores = scoreRows(probe, x, heldOut);
  const sub = {
    strong: Float64Array.from(heldOut, (i) => table.strong[i]!),
    weak: Float64Array.from(heldOut, (i) => table.weak[i]!),
    strongCost: new Float64Array(heldOut.length),
    weakCost: new Float64Array(heldOut.length),
  };
  const curve = costQualityCurve(sub, scores);
  // The whole curve, so a route can pick its own quality without refitting; scores are ranks
  // among the training prompts, so thresholds carry over to the refit on every item.
  const thresholds = storedQualities.map((quality) => {
    const share = routerQuality(sub, curve, quality).strongShare;
    return { quality, threshold: share === null ? 0 : thresholdAt(scores, share) };
  });
  const share = routerQuality(sub, curve, opts.quality).strongShare;
  const threshold = share === null ? 0 : thresholdAt(scores, share);
  const { model: final } = fitForTransfer(x, table, all, t, order, choice);
  const model = { ...final, threshold, calibration: { ...final.calibration!, thresholds } };
  return {
    model,
    meta: {
      items: items.length,
      strong: opts.strong,
      weak: opts.weak,
      quality: opts.quality,
      threshold,
      heldOutStrongShare: share,
      transfer: choice,
    },
  };
}
