import { describe, expect, it } from 'vitest';
import type { LearnedCalibration } from '../../src/engine/learned-blend.js';
import { blendedScore, gainEstimate, quantiles, rankIn, thresholdFor } from '../../src/engine/learned-blend.js';
import { Family, familyScale, forEachFeature, headProbabilities, learnedScore } from '../../src/engine/learned-score.js';
import { seededRandom } from '../../src/learn/routers.js';

const cal = (over: Partial<LearnedCalibration> = {}): LearnedCalibration => ({
  weakExponent: 1,
  lengthWeight: 0.5,
  gainQuantiles: [0, 0.1, 0.2, 0.3, 0.4],
  lengthQuantiles: [10, 20, 30, 40, 50],
  thresholds: [
    { quality: 0.9, threshold: 0.7 },
    { quality: 0.95, threshold: 0.5 },
    { quality: 1, threshold: 0.1 },
  ],
  ...over,
});

describe('rank blend', () => {
  it('ranks a value in a table: ends clamp, between entries interpolates, ties take the middle', () => {
    const t = [0, 10, 20, 20, 20, 40];
    expect(rankIn(t, -5)).toBe(0);
    expect(rankIn(t, 99)).toBe(1);
    expect(rankIn(t, 0)).toBe(0);
    expect(rankIn(t, 5)).toBeCloseTo(0.1, 12); // halfway between entries 0 and 1 of 5 steps
    expect(rankIn(t, 20)).toBeCloseTo(3 / 5, 12); // entries 2..4, middle 3
    expect(rankIn(t, 30)).toBeCloseTo(4.5 / 5, 12);
    expect(rankIn([], 3)).toBe(0.5);
    expect(rankIn([7], 7)).toBe(0.5);
  });

  it('takes evenly spaced quantiles including the minimum and maximum', () => {
    expect(quantiles([5, 1, 4, 2, 3], 3)).toEqual([1, 3, 5]);
    expect(quantiles([9], 3)).toEqual([9, 9, 9]);
    expect(quantiles([], 3)).toEqual([]);
  });

  it('blends the gain rank and the length rank by the length weight', () => {
    expect(blendedScore(cal(), 0.2, 30)).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.5, 12);
    expect(blendedScore(cal(), 0.4, 10)).toBeCloseTo(0.5, 12);
    expect(blendedScore(cal({ lengthWeight: 0 }), 0.3, 10)).toBeCloseTo(0.75, 12);
    expect(blendedScore(cal({ lengthWeight: 0.25 }), 0.1, 50)).toBeCloseTo(0.75 * 0.25 + 0.25, 12);
  });

  it('weighs the weak head by its exponent', () => {
    expect(gainEstimate(0.8, 0.25, 1)).toBeCloseTo(0.2, 12);
    expect(gainEstimate(0.8, 0.25, 0.5)).toBeCloseTo(0.4, 12);
  });

  it('picks the threshold of the nearest stored quality at or above the route quality', () => {
    expect(thresholdFor(cal(), 0.42, undefined)).toBe(0.42);
    expect(thresholdFor(undefined, 0.42, 0.95)).toBe(0.42);
    expect(thresholdFor(cal(), 0.42, 0.9)).toBe(0.7);
    expect(thresholdFor(cal(), 0.42, 0.91)).toBe(0.5);
    expect(thresholdFor(cal(), 0.42, 0.5)).toBe(0.7);
    expect(thresholdFor(cal({ thresholds: [{ quality: 0.8, threshold: 0.6 }] }), 0.42, 0.99)).toBe(0.6);
  });
});

describe('the inlined scorer', () => {
  const bits = 12;
  const rng = seededRandom(3);
  const head = (bias: number) => ({ bias, weights: Float32Array.from({ length: 2 ** bits }, () => rng() - 0.5) });
  // Format 4 adds the question-shape features; a format-3 model is still scored without them.
  const model = { version: 4, bits, heads: [head(0.3), head(-0.7)], threshold: 0.5 };
  const model3 = { ...model, version: 3 };

  // forEachFeature is what training sees; the scorer must see exactly the same features.
  function reference(m: typeof model, text: string): [number, number] {
    const sums = [0, 0, 0, 0, 0, 0];
    const counts = forEachFeature(
      text,
      (h, f) => {
        sums[f]! += m.heads[0]!.weights[h & (2 ** bits - 1)]!;
        sums[3 + f]! += m.heads[1]!.weights[h & (2 ** bits - 1)]!;
      },
      m.version,
    );
    const w = familyScale(counts, Family.Word);
    const c = familyScale(counts, Family.Char);
    const p = (k: number) => 1 / (1 + Math.exp(-(m.heads[k]!.bias + sums[3 * k]! * w + sums[3 * k + 1]! * c + sums[3 * k + 2]!)));
    return [p(0), p(1)];
  }

  const alphabet = 'aZ9 \n\t?{};=`éß中-.,ABCxyz0123|+^';
  const question = (k: number) =>
    `Statement 1 | If x = ${k}, then x^2 > ${k}. Is it true? Which one?\n` +
    ['A. 12', 'B) 3/4', 'C. none of these', 'D. x + 1'].slice(0, 1 + (k % 4)).join('\n');
  const texts = [
    '',
    'x',
    'Two Words',
    'x'.repeat(5_000),
    ...Array.from({ length: 4 }, (_, k) => question(k)),
    question(3) + '\n' + 'E. '.repeat(1_000),
    ...Array.from({ length: 20 }, (_, k) =>
      Array.from({ length: 40 + k * 150 }, () => alphabet[Math.floor(rng() * alphabet.length)]).join(''),
    ),
    ...Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: 200 + k * 250 }, () =>
        rng() < 0.05
          ? `\n${'ABCDK'[Math.floor(rng() * 5)]}${'.) '[Math.floor(rng() * 3)]} `
          : alphabet[Math.floor(rng() * alphabet.length)],
      ).join(''),
    ),
  ];

  it.each(texts.map((t) => [t.length, t]))('matches forEachFeature on a %i-char text, formats 4 and 3', (_n, text) => {
    for (const m of [model, model3]) {
      const got = headProbabilities(m, text);
      const [s, w] = reference(m, text);
      expect(got.strongRight).toBeCloseTo(s, 5);
      expect(got.weakWrong).toBeCloseTo(w, 5);
    }
  });

  it('a question with options gets shape features a format-3 model does not see', () => {
    const shapes = (format: number) => {
      const seen: number[] = [];
      forEachFeature(question(3), (h, f) => f === Family.Shape && seen.push(h), format);
      return seen;
    };
    // 7 structural buckets; then option count, stem math, numbers, sentence ends, `|`, and four of the options.
    expect(shapes(3)).toHaveLength(7);
    expect(shapes(4)).toHaveLength(7 + 9);
    expect(headProbabilities(model, question(3)).strongRight).not.toBeCloseTo(headProbabilities(model3, question(3)).strongRight, 6);
  });

  it('scores with the blend when the model carries a calibration, else the heads product', () => {
    const text = 'prove that the sum of two even numbers is even';
    const p = headProbabilities(model, text);
    expect(learnedScore(model, text)).toBeCloseTo(p.strongRight * p.weakWrong, 12);
    const c = cal({ weakExponent: 0.25, lengthWeight: 0.4, gainQuantiles: [0, 1], lengthQuantiles: [0, 100] });
    expect(learnedScore({ ...model, calibration: c }, text)).toBeCloseTo(
      0.6 * gainEstimate(p.strongRight, p.weakWrong, 0.25) + 0.4 * (text.length / 100),
      12,
    );
  });
});
