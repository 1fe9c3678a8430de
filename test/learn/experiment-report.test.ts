import { describe, expect, it } from 'vitest';
import {
  difference,
  experimentReport,
  moments,
  proportionDifference,
  relativeDifference,
  type ArmSample,
} from '../../src/learn/experiment-report.js';

describe('experiment report arithmetic', () => {
  it('a difference of proportions: 80/100 against 90/100 is +10 points ± 9.8', () => {
    // se = sqrt(0.8*0.2/100 + 0.9*0.1/100) = sqrt(0.0025) = 0.05; 1.96 * 5 points = 9.8 points.
    const d = proportionDifference(80, 100, 90, 100)!;
    expect(d.estimate).toBeCloseTo(10, 9);
    expect(d.interval).toBeCloseTo(9.8, 9);
    expect(difference('success', 'b', d).verdict).toBe('b succeeds more often by 10 ± 9.8 points');
  });

  it('a relative difference of means: cost 0.0138 against 0.02 is -31% ± 10.35%', () => {
    // ratio 0.69; se^2 = 0.000064/100/0.02^2 + 0.0138^2 * 0.0001/100 / 0.02^4 = 0.0016 + 0.00119025 = 0.00279025;
    // se = 0.0528228, 1.96 * se = 0.1035327.
    const d = relativeDifference({ n: 100, mean: 0.02, variance: 0.0001 }, { n: 100, mean: 0.0138, variance: 0.000064 })!;
    expect(d.estimate).toBeCloseTo(-31, 9);
    expect(d.interval).toBeCloseTo(10.35327, 4);
    expect(difference('cost', 'b', d).verdict).toBe('b is cheaper by 31% ± 10%');
  });

  it('calls an interval that spans zero "not different", and too little data "too few"', () => {
    expect(difference('latency', 'b', { estimate: 4, interval: 6 }).verdict).toBe('latency not different');
    expect(difference('latency', 'b', { estimate: 8, interval: 6 }).verdict).toBe('b is slower by 8.0% ± 6.0%');
    expect(difference('rating', 'b', proportionDifference(1, 1, 0, 1)).verdict).toBe('ratings: too few to tell');
  });

  it('uses the sample variance (n - 1)', () => {
    expect(moments([1, 3])).toEqual({ n: 2, mean: 2, variance: 2 });
    expect(moments([5])).toEqual({ n: 1, mean: 5, variance: 0 });
  });

  it('builds per-arm figures and compares every arm with the first (the control)', () => {
    const rows: ArmSample[] = [];
    for (let i = 1; i <= 20; i++)
      rows.push({ arm: 'a', outcome: i <= 18 ? 'ok' : 'error', latencyMs: i * 10, costUsd: 0.02, rating: i === 1 ? 'good' : null });
    for (let i = 1; i <= 10; i++) rows.push({ arm: 'b', outcome: 'ok', latencyMs: 100, costUsd: 0.01 + (i % 2) * 0.002, rating: null });
    const r = experimentReport(['a', 'b'], rows);
    expect(r.arms[0]).toMatchObject({ arm: 'a', requests: 20, ok: 18, successPct: 90, latencyP50Ms: 90, latencyP95Ms: 180 });
    expect(r.arms[0]!.costPerRequestUsd).toBeCloseTo(0.02, 12);
    expect(r.arms[0]!.ratings).toEqual({ good: 1, bad: 0 });
    expect(r.arms[1]).toMatchObject({ arm: 'b', requests: 10, successPct: 100, latencyP50Ms: 100 });
    expect(r.arms[1]!.costPerRequestUsd).toBeCloseTo(0.011, 12);
    // The control's costs do not vary: the interval comes from b's spread alone.
    const cost = r.comparisons[0]!.differences.find((d) => d.metric === 'cost')!;
    expect(cost.estimate).toBeCloseTo(-45, 9);
    expect(r.comparisons[0]!.verdict).toMatch(/^b is cheaper by 45% ± \d/);
  });
});
