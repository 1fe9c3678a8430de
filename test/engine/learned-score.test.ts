import { describe, expect, it } from 'vitest';
import { learnedDifficulty } from '../../src/engine/difficulty.js';
import { forEachFeature, learnedScore, scoredChars } from '../../src/engine/learned-score.js';
import { readSignals } from '../../src/engine/signals.js';

const bits = 10;
const model = (weights: Float32Array, bias = 0) => ({ version: 2, bits, heads: [{ bias, weights }], threshold: 0.5 });

describe('learned score', () => {
  it('is the product of the heads', () => {
    const zero = new Float32Array(2 ** bits);
    const two = {
      version: 2,
      bits,
      heads: [
        { bias: Math.log(3), weights: zero },
        { bias: 0, weights: zero },
      ],
      threshold: 0.5,
    };
    expect(learnedScore(two, 'x')).toBeCloseTo(0.75 * 0.5, 12);
  });

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
    // 2 words → 2 unigrams + 2 bigrams; "two words" → 6 char 4-grams; 7 shape buckets and 4 of
    // the question's shape (no options: their count, the stem's math, numbers and sentence ends).
    expect(counts).toEqual({ words: 4, chars: 9 });
    expect(seen.filter((f) => f === 2)).toHaveLength(11);
  });
});

describe('learned difficulty in the planner signals', () => {
  it.each([
    { score: 0.9, threshold: 0.3, difficulty: 'hard' },
    { score: 0.3, threshold: 0.3, difficulty: 'hard' },
    { score: 0.2, threshold: 0.3, difficulty: 'standard' },
    { score: 0.1, threshold: 0.3, difficulty: 'easy' },
  ])('score $score, threshold $threshold → $difficulty', ({ score, threshold, difficulty }) => {
    expect(learnedDifficulty(score, threshold)).toMatchObject({ difficulty, source: 'learned', score });
  });

  it('readSignals uses the model when given one, and the header still wins', () => {
    const facts = {
      model: 'auto',
      headers: {},
      clientFormat: 'openai',
      stream: false,
      lastUserText: 'hello there',
      systemText: '',
      textChars: 11,
      imageCount: 0,
      toolCount: 0,
      toolsChars: 0,
    } as const;
    const sure = {
      version: 2,
      bits,
      heads: [
        { bias: 5, weights: new Float32Array(2 ** bits) },
        { bias: 5, weights: new Float32Array(2 ** bits) },
      ],
      threshold: 0.5,
    };
    expect(readSignals(facts, true).difficulty?.source).toBe('estimate');
    expect(readSignals(facts, true, sure).difficulty).toMatchObject({ difficulty: 'hard', source: 'learned' });
    // A route's quality picks the stored threshold for it; the score itself does not change.
    const curve = {
      ...sure,
      calibration: {
        weakExponent: 1,
        lengthWeight: 0,
        gainQuantiles: [0, 1],
        lengthQuantiles: [0, 1],
        thresholds: [
          { quality: 0.9, threshold: 0.999 },
          { quality: 0.95, threshold: 0.5 },
        ],
      },
    };
    expect(readSignals(facts, true, curve, 0.9).difficulty).toMatchObject({ difficulty: 'standard', threshold: 0.999, quality: 0.9 });
    expect(readSignals(facts, true, curve, 0.95).difficulty).toMatchObject({ difficulty: 'hard', threshold: 0.5, quality: 0.95 });
    expect(readSignals(facts, true, curve).difficulty).toMatchObject({ difficulty: 'hard', threshold: 0.5 });
    expect(readSignals({ ...facts, difficultyHeader: 'easy' }, true, sure).difficulty).toMatchObject({
      difficulty: 'easy',
      source: 'header',
    });
  });
});
