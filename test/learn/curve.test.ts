import { describe, expect, it } from 'vitest';
import { apgr, costQualityCurve, meanQuality, routerQuality, shareAtAccuracy } from '../../src/learn/curve.js';

// Four items, hand-computed: strong right on 0,1,2; weak right on 1 only. Strong 0.75, weak 0.25.
const table = { strong: [1, 1, 1, 0], weak: [0, 1, 0, 0], strongCost: [1, 1, 1, 1], weakCost: [0.1, 0.1, 0.1, 0.1] };
// Order by score: item0, item1, item3, item2 → gains +1, 0, 0, +1.
const scores = [0.9, 0.5, 0.1, 0.3];

describe('costQualityCurve', () => {
  it('steps from all-weak to all-strong in score order', () => {
    const points = costQualityCurve(table, scores);
    expect(points.map((p) => [p.share, p.accuracy])).toEqual([
      [0, 0.25],
      [0.25, 0.5],
      [0.5, 0.5],
      [0.75, 0.5],
      [1, 0.75],
    ]);
    expect(points[1]!.cost).toBeCloseTo(1.3);
    expect(points[4]!.cost).toBeCloseTo(4);
  });

  it('keeps tied scores in one step', () => {
    const points = costQualityCurve(table, [1, 1, 1, 1]);
    expect(points.map((p) => [p.share, p.accuracy])).toEqual([
      [0, 0.25],
      [1, 0.75],
    ]);
  });
});

describe('strongShare at a quality', () => {
  it.each([
    // quality × 0.75 → target accuracy → share (interpolated on the segment that first reaches it)
    { quality: 1, share: 1 },
    { quality: 2 / 3, share: 0.25 },
    { quality: 0.5, share: 0.125 },
    { quality: 1 / 3, share: 0 },
  ])('quality $quality → share $share', ({ quality, share }) => {
    expect(routerQuality(table, costQualityCurve(table, scores), quality).strongShare).toBeCloseTo(share, 10);
  });

  it('interpolates through a tie like a random split would', () => {
    // All tied: the line from (0, .25) to (1, .75); accuracy .5 is reached at share .5.
    expect(shareAtAccuracy(costQualityCurve(table, [0, 0, 0, 0]), 0.5)).toEqual({ share: 0.5, cost: 2.2 });
  });

  it('is null when the target is out of reach', () => {
    expect(shareAtAccuracy(costQualityCurve(table, scores), 0.9)).toBeNull();
  });

  it('interpolates the cost with the share', () => {
    expect(routerQuality(table, costQualityCurve(table, scores), 0.5).cost).toBeCloseTo(0.4 + 0.125 * 0.9 * 4, 10);
  });
});

describe('apgr', () => {
  it.each([
    { name: 'the scored router', scores, expected: 0.5 },
    { name: 'all tied (random on average)', scores: [0, 0, 0, 0], expected: 0.5 },
    { name: 'the oracle (gains first: .0625 + .1875 + .25 + .25)', scores: [1, 0, 0.9, 0.1], expected: 0.75 },
    { name: 'the worst order (two tied steps: 0, 0, then 1)', scores: [0, 1, 0, 1], expected: 0.25 },
  ])('$name → $expected', ({ scores: s, expected }) => {
    expect(apgr(costQualityCurve(table, s), 0.25, 0.75)).toBeCloseTo(expected, 10);
  });

  it('is null when the models are equally good', () => {
    expect(apgr(costQualityCurve(table, scores), 0.5, 0.5)).toBeNull();
  });
});

describe('meanQuality', () => {
  it('averages runs and is null if any run is', () => {
    expect(
      meanQuality([
        { strongShare: 0.2, apgr: 0.4, cost: 1 },
        { strongShare: 0.4, apgr: 0.6, cost: 3 },
      ]),
    ).toEqual({ strongShare: 0.30000000000000004, apgr: 0.5, cost: 2 });
    expect(meanQuality([{ strongShare: null, apgr: 0.4, cost: null }]).strongShare).toBeNull();
  });
});
