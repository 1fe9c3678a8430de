// The first-content guard's delay (attempt-stream.ts): never before the budget runs out, at most
// 50 ms after it for budgets of a second or more, exact below a second.
import { describe, expect, it } from 'vitest';
import { guardDelay } from '../../src/daemon/attempt-stream.js';

describe('guardDelay', () => {
  it('is what is left of a budget under a second, to the millisecond', () => {
    expect(guardDelay(500, 120)).toBe(380);
    expect(guardDelay(1, 0)).toBe(1);
    expect(guardDelay(300, 301)).toBe(0);
  });

  it('rounds a budget of a second or more up to 50 ms, so streams opened a few ms apart share one delay', () => {
    expect(guardDelay(30_000, 0)).toBe(30_000);
    expect(guardDelay(30_000, 3)).toBe(30_000);
    expect(guardDelay(30_000, 49)).toBe(30_000);
    expect(guardDelay(30_000, 51)).toBe(29_950);
    expect(guardDelay(1_000, 999)).toBe(50);
    expect(guardDelay(30_000, 40_000)).toBe(0);
  });

  it('never fires before the budget is spent, and at most 50 ms after', () => {
    for (let i = 0; i < 2_000; i++) {
      const budget = 1 + Math.floor(Math.random() * 200_000);
      const elapsed = Math.floor(Math.random() * budget * 1.2);
      const left = Math.max(0, budget - elapsed);
      const delay = guardDelay(budget, elapsed);
      expect(delay).toBeGreaterThanOrEqual(left);
      expect(delay - left).toBeLessThan(budget >= 1000 ? 50 : 1);
    }
  });
});
