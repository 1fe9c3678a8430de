// Cost–quality arithmetic for a strong/weak router pair. Pure: tables in, numbers out.
//
// A router gives each item a score (higher = send to the strong model). Sweeping a threshold from
// "nothing to strong" to "everything to strong" traces a curve of strong share against accuracy.
// Items with equal scores are one step on the curve: the threshold cannot split them, and the
// straight line between the two points is what splitting them at random would give on average.

export interface OutcomeTable {
  /** Per item, 0..1: did the strong / weak model answer correctly. */
  strong: ArrayLike<number>;
  weak: ArrayLike<number>;
  /** Per item USD; zeros when no price is known. */
  strongCost: ArrayLike<number>;
  weakCost: ArrayLike<number>;
}

export interface CurvePoint {
  /** Share of items sent to the strong model, 0..1. */
  share: number;
  accuracy: number;
  /** Total USD over the items at this point. */
  cost: number;
}

export interface RouterQuality {
  /** Smallest strong share whose accuracy reaches quality × strong accuracy (interpolated); null if never. */
  strongShare: number | null;
  /** Average performance gap recovered: mean over share in [0,1] of (acc − weak)/(strong − weak). */
  apgr: number | null;
  /** Total USD at strongShare (interpolated like the share). */
  cost: number | null;
}

const sum = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
};

/** Points from share 0 to share 1, one per distinct score (highest scores go strong first). */
export function costQualityCurve(table: OutcomeTable, scores: ArrayLike<number>): CurvePoint[] {
  const n = scores.length;
  if (n === 0) return [];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let correct = sum(table.weak);
  let cost = sum(table.weakCost);
  const points: CurvePoint[] = [{ share: 0, accuracy: correct / n, cost }];
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    correct += table.strong[i]! - table.weak[i]!;
    cost += table.strongCost[i]! - table.weakCost[i]!;
    const last = k === n - 1 || scores[order[k + 1]!] !== scores[i];
    if (last) points.push({ share: (k + 1) / n, accuracy: correct / n, cost });
  }
  return points;
}

/** Tolerance for "reaches": accuracies are sums of 0/1 over n, so float noise must not miss a point. */
const eps = 1e-12;

/**
 * The smallest share reaching `target` accuracy. The first curve point at or above it is found,
 * then the share is INTERPOLATED on the segment from the previous point (the expected share when
 * the tied items of that step are split at random), so ties do not round a router's share up.
 */
export function shareAtAccuracy(points: readonly CurvePoint[], target: number): { share: number; cost: number } | null {
  for (let j = 0; j < points.length; j++) {
    const p = points[j]!;
    if (p.accuracy + eps < target) continue;
    if (j === 0) return { share: p.share, cost: p.cost };
    const q = points[j - 1]!;
    const t = (target - q.accuracy) / (p.accuracy - q.accuracy);
    return { share: q.share + t * (p.share - q.share), cost: q.cost + t * (p.cost - q.cost) };
  }
  return null;
}

/** Trapezoidal area under the performance-gap-recovered curve, over share 0..1. */
export function apgr(points: readonly CurvePoint[], weakAccuracy: number, strongAccuracy: number): number | null {
  const gap = strongAccuracy - weakAccuracy;
  if (points.length < 2 || Math.abs(gap) < eps) return null;
  let area = 0;
  for (let j = 1; j < points.length; j++) {
    const a = points[j - 1]!;
    const b = points[j]!;
    area += ((b.share - a.share) * (a.accuracy - weakAccuracy + (b.accuracy - weakAccuracy))) / 2 / gap;
  }
  return area;
}

export function accuracies(table: OutcomeTable): { strong: number; weak: number } {
  const n = table.strong.length;
  return n === 0 ? { strong: 0, weak: 0 } : { strong: sum(table.strong) / n, weak: sum(table.weak) / n };
}

export function routerQuality(table: OutcomeTable, points: readonly CurvePoint[], quality: number): RouterQuality {
  const acc = accuracies(table);
  const at = shareAtAccuracy(points, quality * acc.strong);
  return { strongShare: at?.share ?? null, apgr: apgr(points, acc.weak, acc.strong), cost: at?.cost ?? null };
}

/** Mean of each field over several runs (the random router over seeds); null if any run is null. */
export function meanQuality(runs: readonly RouterQuality[]): RouterQuality {
  const mean = (key: keyof RouterQuality): number | null => {
    const xs = runs.map((r) => r[key]);
    return xs.length === 0 || xs.some((x) => x === null) ? null : (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
  };
  return { strongShare: mean('strongShare'), apgr: mean('apgr'), cost: mean('cost') };
}
