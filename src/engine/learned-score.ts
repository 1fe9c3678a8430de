// The learned difficulty score: hashed word uni/bi-grams, char 4-grams and a few structural
// buckets of the prompt, weighted by a logistic model trained in src/learn/. Pure and cheap on the
// request path: one pass over (at most) the first few KB, no strings allocated per token, one dot
// product into a flat weight table.

/** What the store keeps and the planner scores with. `weights.length === 2 ** bits`. */
export interface LearnedModel {
  version: number;
  bits: number;
  bias: number;
  weights: Float32Array;
  /** The score (0..1) at or above which the planner calls a request hard; picked by `router learn`. */
  threshold: number;
}

/** Only this much of the prompt is read: long prompts are rare in the data and the tail adds little. */
export const scoredChars = 4_096;

const fnvPrime = 16777619;

// Distinct seeds keep the feature families apart in one hashed space.
const wordSeed = 0x9e3779b1;
const bigramSeed = 0x85ebca6b;
const charSeed = 0xc2b2ae35;
const shapeSeed = 0x27d4eb2f;

const mix = (h: number, c: number): number => Math.imul(h ^ c, fnvPrime) >>> 0;

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 0xc0;
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** A structural fact as a hashed token ("len" bucket 5): the model learns its weight like a word's. */
const shape = (kind: number, bucket: number): number => finish(mix(mix(shapeSeed, kind), bucket));
const log2Bucket = (n: number): number => (n <= 0 ? 0 : Math.min(16, 1 + Math.floor(Math.log2(n))));

/**
 * Calls visit(hash, value) for every feature of the text. Values are scaled so that prompts of any
 * length land on a similar scale (1/sqrt of each family's count), which keeps the logistic model
 * calibrated across short and long prompts.
 */
export function forEachFeature(text: string, visit: (hash: number, value: number) => void): void {
  const n = Math.min(text.length, scoredChars);
  let words = 0;
  let digits = 0;
  let upper = 0;
  let lines = 1;
  let questionMarks = 0;
  let codeMarks = 0;
  // First pass counts, so the per-feature scale is known before the features are emitted.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c === 10) lines++;
    else if (c === 63) questionMarks++;
    else if (c === 123 || c === 125 || c === 59 || c === 96 || c === 61) codeMarks++;
    if (isWordChar(lower(c)) && (i === 0 || !isWordChar(lower(text.charCodeAt(i - 1))))) words++;
  }
  const wordScale = 1 / Math.sqrt(Math.max(1, words));
  const charScale = 1 / Math.sqrt(Math.max(1, n - 3));
  let h = wordSeed;
  let inWord = false;
  let prev = 0;
  let c1 = 32;
  let c2 = 32;
  let c3 = 32;
  for (let i = 0; i <= n; i++) {
    const raw = i < n ? lower(text.charCodeAt(i)) : 32;
    if (isWordChar(raw)) {
      h = inWord ? mix(h, raw) : mix(wordSeed, raw);
      inWord = true;
    } else if (inWord) {
      const word = finish(h);
      visit(word, wordScale);
      visit(finish(mix(mix(bigramSeed, prev), word)), wordScale);
      prev = word;
      inWord = false;
    }
    if (i < n) {
      // Char 4-grams over a squeezed alphabet (digits alike, runs of space alike) see morphology and notation.
      const c = raw >= 48 && raw <= 57 ? 48 : raw === 10 || raw === 9 ? 32 : raw;
      if (!(c === 32 && c3 === 32)) {
        visit(finish(mix(mix(mix(mix(charSeed, c1), c2), c3), c)), charScale);
        c1 = c2;
        c2 = c3;
        c3 = c;
      }
    }
  }
  visit(shape(1, log2Bucket(n)), 1);
  visit(shape(2, log2Bucket(words)), 1);
  visit(shape(3, Math.min(10, Math.floor((10 * digits) / Math.max(1, n)))), 1);
  visit(shape(4, Math.min(10, Math.floor((20 * upper) / Math.max(1, n)))), 1);
  visit(shape(5, log2Bucket(lines)), 1);
  visit(shape(6, Math.min(3, questionMarks)), 1);
  visit(shape(7, log2Bucket(codeMarks)), 1);
}

/** Probability (0..1) that the strong model gains over the weak one on this prompt. */
export function learnedScore(model: LearnedModel, text: string): number {
  const mask = model.weights.length - 1;
  const w = model.weights;
  let z = model.bias;
  forEachFeature(text, (hash, value) => {
    z += w[hash & mask]! * value;
  });
  return 1 / (1 + Math.exp(-z));
}
