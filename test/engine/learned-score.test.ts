import { describe, expect, it } from 'vitest';
import { forEachFeature, learnedScore, scoredChars } from '../../src/engine/learned-score.js';

const bits = 10;
const model = (weights: Float32Array, bias = 0) => ({ version: 1, bits, bias, weights, threshold: 0.5 });

describe('learned score', () => {
  it('is the logistic of the bias when every weight is zero', () => {
    expect(learnedScore(model(new Float32Array(2 ** bits), 0), 'anything at all')).toBeCloseTo(0.5, 12);
    expect(learnedScore(model(new Float32Array(2 ** bits), Math.log(3)), 'x')).toBeCloseTo(0.75, 12);
  });

  it('gives the same score to the same text, another to other words', () => {
    const w = Float32Array.from({ length: 2 ** bits }, (_, i) => Math.sin(i));
    expect(learnedScore(model(w), 'prove the theorem')).toBe(learnedScore(model(w), 'prove the theorem'));
    expect(learnedScore(model(w), 'prove the theorem')).not.toBeCloseTo(learnedScore(model(w), 'capital of france'), 6);
  });

  it('reads no further than scoredChars', () => {
    const w = Float32Array.from({ length: 2 ** bits }, (_, i) => Math.cos(i));
    const head = 'word '.repeat(scoredChars / 5 + 1);
    expect(learnedScore(model(w), head + 'tail that differs')).toBeCloseTo(learnedScore(model(w), head + 'other words here'), 12);
  });

  it('emits word, bigram, char and shape features and counts them', () => {
    const seen: number[] = [];
    const counts = forEachFeature('two words', (_h, family) => seen.push(family));
    // 2 words → 2 unigrams + 2 bigrams; "two words" → 6 char 4-grams; 7 shape buckets.
    expect(counts).toEqual({ words: 4, chars: 9 });
    expect(seen.filter((f) => f === 2)).toHaveLength(7);
  });
});
