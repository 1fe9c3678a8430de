// Pseudo-families: the training prompts clustered by vocabulary, without labels and without any
// subject field (spherical k-means over the hashed word features, tf-idf weighted). They stand in
// for the task families a model meets after training, so transfer.ts can ask "which settings hold
// up on families the model did not see?" inside the training data. Pure and seeded: runs repeat.
import { Family } from '../engine/learned-score.js';
import { seededRandom } from '../engine/random.js';
import type { FeatureMatrix } from './train.js';

/** Hashed word features folded into this many dimensions: enough to tell topics apart, small to sweep. */
const dimBits = 14;
const iterations = 8;
/** The centres are found on at most this many rows (evenly spaced), then every row takes the nearest. */
const sampleRows = 3_000;

interface SparseRow {
  index: Int32Array;
  value: Float64Array;
}

/** Each row's word features as a unit tf-idf vector (a feature in every row weighs nothing). */
function wordVectors(x: FeatureMatrix, rows: ArrayLike<number>): SparseRow[] {
  const dims = 1 << dimBits;
  const docs = new Float64Array(dims);
  const bags = Array.from(rows, (i) => {
    const bag = new Map<number, number>();
    for (let j = x.offsets[i]!; j < x.offsets[i + 1]!; j++) {
      if (x.family[j] !== Family.Word) continue;
      const d = x.index[j]! & (dims - 1);
      bag.set(d, (bag.get(d) ?? 0) + 1);
    }
    for (const d of bag.keys()) docs[d] = docs[d]! + 1;
    return bag;
  });
  return bags.map((bag) => {
    const index = Int32Array.from(bag.keys());
    const value = Float64Array.from(index, (d) => (1 + Math.log(bag.get(d)!)) * Math.log(rows.length / docs[d]!));
    const size = norm(value);
    for (let k = 0; k < value.length; k++) value[k] = value[k]! / size;
    return { index, value };
  });
}

const norm = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  return Math.sqrt(s) || 1;
};

const dot = (centre: Float64Array, v: SparseRow): number => {
  let z = 0;
  for (let k = 0; k < v.index.length; k++) z += centre[v.index[k]!]! * v.value[k]!;
  return z;
};

/** Cluster of each row (by position in `rows`), 0..k−1; k-means++ seeding, cosine similarity. */
export function pseudoFamilies(x: FeatureMatrix, rows: ArrayLike<number>, k: number, seed = 3): Int32Array {
  const all = wordVectors(x, rows);
  if (all.length <= k) return Int32Array.from(all.keys());
  const step = Math.max(1, all.length / sampleRows);
  const vs = Array.from({ length: Math.min(all.length, sampleRows) }, (_, s) => all[Math.floor(s * step)]!);
  const n = vs.length;
  const assign = new Int32Array(n);
  const dims = 1 << dimBits;
  const rng = seededRandom(seed);
  const centres: Float64Array[] = [];
  const addCentre = (v: SparseRow) => {
    const c = new Float64Array(dims);
    v.index.forEach((d, m) => (c[d] = v.value[m]!));
    centres.push(c);
  };
  addCentre(vs[Math.floor(rng() * n)]!);
  // k-means++: each next centre drawn in proportion to the squared distance to the nearest one.
  const nearest = new Float64Array(n).fill(Infinity);
  while (centres.length < k) {
    let total = 0;
    for (let r = 0; r < n; r++) {
      const d = 1 - dot(centres.at(-1)!, vs[r]!);
      nearest[r] = Math.min(nearest[r]!, d * d);
      total += nearest[r]!;
    }
    let pick = rng() * total;
    let r = 0;
    while (r < n - 1 && (pick -= nearest[r]!) > 0) r++;
    addCentre(vs[r]!);
  }
  const nearestCentre = (v: SparseRow): number => {
    let best = -Infinity;
    let at = 0;
    for (let c = 0; c < k; c++) {
      const z = dot(centres[c]!, v);
      if (z > best) [best, at] = [z, c];
    }
    return at;
  };
  for (let it = 0; it < iterations; it++) {
    for (let r = 0; r < n; r++) assign[r] = nearestCentre(vs[r]!);
    for (const c of centres) c.fill(0);
    vs.forEach((v, r) => {
      const c = centres[assign[r]!]!;
      v.index.forEach((d, m) => (c[d] = c[d]! + v.value[m]!));
    });
    for (const c of centres) {
      const size = norm(c);
      for (let d = 0; d < dims; d++) c[d] = c[d]! / size;
    }
  }
  return Int32Array.from(all, nearestCentre);
}
