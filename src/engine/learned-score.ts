// The learned difficulty score: hashed word uni/bi-grams, char 4-grams, a few structural buckets
// and (format 4) the question's shape, weighted by a logistic model trained in src/learn/. Pure and cheap on the
// request path: one pass over (at most) the first few KB, no strings allocated per token, one dot
// product into a flat weight table.
import type { LearnedCalibration } from './learned-blend.js';
import { blendedScore, gainEstimate } from './learned-blend.js';
import { log2Bucket, questionMark, questionNewline, questionShape, questionShapeFormat, questionShapeTokens } from './question-shape.js';

// Kept here, not imported: the scans read these for every character, and an imported binding is a
// load and a check on each read (measured: 16-17 -> 18.5-19 us per 2 KB prompt when imported).
const fnvPrime = 16777619;

// Distinct seeds keep the feature families apart in one hashed space.
const wordSeed = 0x9e3779b1 | 0;
const bigramSeed = 0x85ebca6b | 0;
const charSeed = 0xc2b2ae35 | 0;
const shapeSeed = 0x27d4eb2f | 0;

// Int32 arithmetic throughout (`| 0`, never `>>> 0`): V8 keeps small ints unboxed, uint32 becomes a double.
const mix = (h: number, c: number): number => Math.imul(h ^ c, fnvPrime);

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h | 0;
}

/** A structural fact as a hashed token ("len" bucket 5): the model learns its weight like a word's. */
const shape = (kind: number, bucket: number): number => finish(mix(mix(shapeSeed, kind), bucket));

/** One logistic model over the hashed features. `weights.length === 2 ** bits`. */
export interface LearnedHead {
  bias: number;
  weights: Float32Array;
}

/**
 * What the store keeps and the planner scores with. Two heads: P(strong model right) and P(weak
 * model wrong); their product estimates the GAIN, which measured better than one head trained on
 * the gain label directly (see README, Routing quality).
 */
export interface LearnedModel {
  version: number;
  bits: number;
  heads: LearnedHead[];
  /** The score (0..1) at or above which the planner calls a request hard; picked by `router learn`. */
  threshold: number;
  /** How the heads become the score, and thresholds per target quality; absent on format-2 models. */
  calibration?: LearnedCalibration;
}

/** Only this much of the prompt is read for words; char n-grams only from the first `charGramChars`. */
export const scoredChars = 2_048;
const charGramChars = 384;

const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 0xc0;
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

export const enum Family {
  Word = 0,
  Char = 1,
  Shape = 2,
}

/** How many word and char features a text had: their weights are scaled by 1/sqrt(count). */
export interface FeatureCounts {
  words: number;
  chars: number;
}

/**
 * Calls visit(hash, family) for every feature of the text, in one pass. The caller scales each
 * family's sum by 1/sqrt of its count (returned), so prompts of any length land on a similar scale,
 * which keeps the logistic model calibrated across short and long prompts.
 */
export function forEachFeature(
  text: string,
  visit: (hash: number, family: Family) => void,
  format: number = questionShapeFormat,
): FeatureCounts {
  const n = Math.min(text.length, scoredChars);
  let words = 0;
  let chars = 0;
  let digits = 0;
  let upper = 0;
  let lines = 1;
  let questionMarks = 0;
  let codeMarks = 0;
  let letters = 0;
  const q = questionShape(n);
  let h = wordSeed;
  let inWord = false;
  let prev = 0;
  let c1 = 32;
  let c2 = 32;
  let c3 = 32;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? text.charCodeAt(i) : 32;
    const raw = lower(code);
    if (isWordChar(raw)) {
      if (!inWord && q.inStem && raw <= 57 && raw >= 48) q.numbers++;
      h = inWord ? mix(h, raw) : mix(wordSeed, raw);
      inWord = true;
      if (raw <= 57 && raw >= 48) digits++;
      else {
        letters++;
        if (code !== raw) upper++;
      }
    } else {
      if (inWord) {
        const word = finish(h);
        visit(word, Family.Word);
        visit(finish(mix(mix(bigramSeed, prev), word)), Family.Word);
        words++;
        prev = word;
        inWord = false;
      }
      if (raw === 32) {
        // the common case: nothing to count
      } else if (raw === 10) {
        lines++;
        questionNewline(q, text, i, n, letters);
      } else {
        if (raw === 63) questionMarks++;
        else if (raw === 123 || raw === 125 || raw === 59 || raw === 96 || raw === 61) codeMarks++;
        questionMark(q, text, i, n, raw);
      }
    }
    if (i < charGramChars && i < n) {
      // Char 4-grams over a squeezed alphabet (digits alike, runs of space alike) see morphology and notation.
      const c = raw >= 48 && raw <= 57 ? 48 : raw === 10 || raw === 9 ? 32 : raw;
      if (!(c === 32 && c3 === 32)) {
        visit(finish(mix(mix(mix(mix(charSeed, c1), c2), c3), c)), Family.Char);
        chars++;
        c1 = c2;
        c2 = c3;
        c3 = c;
      }
    }
  }
  visit(shape(1, log2Bucket(n)), Family.Shape);
  visit(shape(2, log2Bucket(words)), Family.Shape);
  visit(shape(3, Math.min(10, Math.floor((10 * digits) / Math.max(1, n)))), Family.Shape);
  visit(shape(4, Math.min(10, Math.floor((20 * upper) / Math.max(1, n)))), Family.Shape);
  visit(shape(5, log2Bucket(lines)), Family.Shape);
  visit(shape(6, Math.min(3, questionMarks)), Family.Shape);
  visit(shape(7, log2Bucket(codeMarks)), Family.Shape);
  if (format >= questionShapeFormat) {
    for (const t of questionShapeTokens(q, n, letters, shape)) visit(t, Family.Shape);
  }
  return { words: 2 * words, chars };
}

export const familyScale = (counts: FeatureCounts, family: Family): number =>
  family === Family.Word ? 1 / Math.sqrt(Math.max(1, counts.words)) : family === Family.Char ? 1 / Math.sqrt(Math.max(1, counts.chars)) : 1;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * The two heads' weights side by side ([h0, h1, h0, h1, …]), built once per model: scoring reads
 * both weights of a feature from one cache line instead of two tables 1 MB apart, which is most of
 * the cost on a 2 KB prompt (two random reads per feature).
 */
const interleavedCache = new WeakMap<LearnedModel, Float32Array>();

function interleaved(model: LearnedModel): Float32Array {
  let w = interleavedCache.get(model);
  if (w) return w;
  const a = model.heads[0]!.weights;
  const b = model.heads[1]!.weights;
  w = new Float32Array(2 * a.length);
  for (let i = 0; i < a.length; i++) {
    w[2 * i] = a[i]!;
    w[2 * i + 1] = b[i]!;
  }
  interleavedCache.set(model, w);
  return w;
}

/** The two heads' probabilities for a text: P(strong model right), P(weak model wrong). */
export interface HeadProbabilities {
  strongRight: number;
  weakWrong: number;
}

/**
 * forEachFeature's scan, inlined for the two-head model: no callback per feature, both weights read
 * from the interleaved table. Must visit exactly the features forEachFeature visits (a unit test
 * compares the two on random texts).
 */
export function headProbabilities(model: LearnedModel, text: string): HeadProbabilities {
  const w = interleaved(model);
  const mask = (1 << model.bits) - 1;
  const n = Math.min(text.length, scoredChars);
  const cn = Math.min(n, charGramChars);
  let ws0 = 0;
  let ws1 = 0;
  let cs0 = 0;
  let cs1 = 0;
  let words = 0;
  let chars = 0;
  let digits = 0;
  let upper = 0;
  let lines = 1;
  let questionMarks = 0;
  let codeMarks = 0;
  let letters = 0;
  const q = questionShape(n);
  let h = wordSeed;
  let inWord = false;
  let prev = 0;
  let c1 = 32;
  let c2 = 32;
  let c3 = 32;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? text.charCodeAt(i) : 32;
    const raw = code >= 65 && code <= 90 ? code + 32 : code;
    if ((raw >= 97 && raw <= 122) || (raw >= 48 && raw <= 57) || raw >= 0xc0) {
      if (!inWord && q.inStem && raw <= 57 && raw >= 48) q.numbers++;
      h = inWord ? Math.imul(h ^ raw, fnvPrime) : Math.imul(wordSeed ^ raw, fnvPrime);
      inWord = true;
      if (raw <= 57 && raw >= 48) digits++;
      else {
        letters++;
        if (code !== raw) upper++;
      }
    } else {
      if (inWord) {
        const word = finish(h);
        let at = (word & mask) << 1;
        ws0 += w[at]!;
        ws1 += w[at + 1]!;
        at = (finish(mix(mix(bigramSeed, prev), word)) & mask) << 1;
        ws0 += w[at]!;
        ws1 += w[at + 1]!;
        words++;
        prev = word;
        inWord = false;
      }
      if (raw === 32) {
        // the common case: nothing to count
      } else if (raw === 10) {
        lines++;
        questionNewline(q, text, i, n, letters);
      } else {
        if (raw === 63) questionMarks++;
        else if (raw === 123 || raw === 125 || raw === 59 || raw === 96 || raw === 61) codeMarks++;
        questionMark(q, text, i, n, raw);
      }
    }
    if (i < cn) {
      const c = raw >= 48 && raw <= 57 ? 48 : raw === 10 || raw === 9 ? 32 : raw;
      if (!(c === 32 && c3 === 32)) {
        const at = (finish(mix(mix(mix(mix(charSeed, c1), c2), c3), c)) & mask) << 1;
        cs0 += w[at]!;
        cs1 += w[at + 1]!;
        chars++;
        c1 = c2;
        c2 = c3;
        c3 = c;
      }
    }
  }
  let ss0 = 0;
  let ss1 = 0;
  const shapes = [
    shape(1, log2Bucket(n)),
    shape(2, log2Bucket(words)),
    shape(3, Math.min(10, Math.floor((10 * digits) / Math.max(1, n)))),
    shape(4, Math.min(10, Math.floor((20 * upper) / Math.max(1, n)))),
    shape(5, log2Bucket(lines)),
    shape(6, Math.min(3, questionMarks)),
    shape(7, log2Bucket(codeMarks)),
  ];
  if (model.version >= questionShapeFormat) {
    shapes.push(...questionShapeTokens(q, n, letters, shape));
  }
  for (const s of shapes) {
    const at = (s & mask) << 1;
    ss0 += w[at]!;
    ss1 += w[at + 1]!;
  }
  const word = 1 / Math.sqrt(Math.max(1, 2 * words));
  const char = 1 / Math.sqrt(Math.max(1, chars));
  const heads = model.heads;
  return {
    strongRight: sigmoid(heads[0]!.bias + ws0 * word + cs0 * char + ss0),
    weakWrong: sigmoid(heads[1]!.bias + ws1 * word + cs1 * char + ss1),
  };
}

/**
 * The planner's score (0..1, higher = send to the strong model). With a calibration (models from
 * `router learn` since format 3): the blend of the gain estimate's rank and the prompt length's rank
 * (learned-blend.ts). Older stored models: the heads' product, as they were thresholded.
 */
export function learnedScore(model: LearnedModel, text: string): number {
  if (model.heads.length !== 2) return anyHeadsProduct(model, text);
  const p = headProbabilities(model, text);
  const cal = model.calibration;
  if (!cal) return p.strongRight * p.weakWrong;
  return blendedScore(cal, gainEstimate(p.strongRight, p.weakWrong, cal.weakExponent), text.length);
}

/** Any number of heads (tests, experiments): the product of their probabilities, via forEachFeature. */
function anyHeadsProduct(model: LearnedModel, text: string): number {
  const mask = (1 << model.bits) - 1;
  const sums = new Float64Array(3 * model.heads.length);
  const counts = forEachFeature(text, (hash, family) => {
    for (let h = 0; h < model.heads.length; h++) sums[3 * h + family] = sums[3 * h + family]! + model.heads[h]!.weights[hash & mask]!;
  });
  const word = familyScale(counts, Family.Word);
  const char = familyScale(counts, Family.Char);
  let p = 1;
  for (let h = 0; h < model.heads.length; h++)
    p *= sigmoid(model.heads[h]!.bias + sums[3 * h]! * word + sums[3 * h + 1]! * char + sums[3 * h + 2]!);
  return p;
}
