import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan.js';
import { initialState, type BudgetStat, type Pressure } from '../../src/engine/types.js';
import { pressureOf, providerUvi, uviPressure, windowUvi, type QuotaWindow, type UviLevel } from '../../src/engine/uvi.js';
import { budgetWindow, monthBounds } from '../../src/engine/uvi-budget.js';
import { makeConfig, target } from './config-fixture.js';
import { facts } from './facts-fixture.js';

/** 2025-03-14T12:00:00Z */
const NOW = Date.UTC(2025, 2, 14, 12);
const H = 3_600_000;
const FIVE_H = 5 * H;

/** A 5-hour window with `elapsed` of it gone at NOW. */
const fiveHour = (used: number, elapsed: number): QuotaWindow => ({
  name: 'five_hour',
  source: 'quota',
  used,
  lengthMs: FIVE_H,
  resetsAt: NOW + Math.round((1 - elapsed) * FIVE_H),
});

describe('windowUvi: thresholds and edges', () => {
  it.each<[string, QuotaWindow, number, UviLevel, number | undefined]>([
    ['on pace', fiveHour(0.5, 0.5), 1, 'normal', 0.5],
    ['just below stressed', fiveHour(0.74, 0.5), 1.48, 'normal', 0.5],
    ['exactly 1.5 is stressed', fiveHour(0.75, 0.5), 1.5, 'stressed', 0.5],
    ['just below critical', fiveHour(0.995, 0.5), 1.99, 'stressed', 0.5],
    ['exactly 2.0 is critical', fiveHour(1, 0.5), 2, 'critical', 0.5],
    ['over the allowance late in the window', fiveHour(1.2, 0.9), 1.2 / 0.9, 'normal', 0.9],
    ['exactly 0.5 with 80% elapsed is surplus', fiveHour(0.4, 0.8), 0.5, 'surplus', 0.8],
    ['surplus needs 70% elapsed: 69% is not enough', fiveHour(0.2, 0.69), 0.2 / 0.69, 'normal', 0.69],
    ['exactly 70% elapsed', fiveHour(0.3, 0.7), 0.3 / 0.7, 'surplus', 0.7],
    ['low use early is not surplus', fiveHour(0.1, 0.3), 0.1 / 0.3, 'normal', 0.3],
    ['elapsed below 5% uses the 5% floor', fiveHour(0.02, 0.01), 0.4, 'normal', 0.01],
    ['a fresh window: 10% used at the start', fiveHour(0.1, 0), 2, 'critical', 0],
    [
      'window that has not started yet counts as just started',
      { name: 'w', source: 'quota', used: 0.05, lengthMs: H, resetsAt: NOW + 2 * H },
      1,
      'normal',
      0,
    ],
    ['unknown reset: UVI is the used fraction', { name: 'w', source: 'quota', used: 0.9 }, 0.9, 'normal', undefined],
    ['unknown reset never inflates, even nearly exhausted', { name: 'w', source: 'quota', used: 1.49 }, 1.49, 'normal', undefined],
    ['unknown reset and little use is not surplus', { name: 'w', source: 'quota', used: 0.01 }, 0.01, 'normal', undefined],
    [
      'known reset but unknown length is like an unknown reset',
      { name: 'w', source: 'quota', used: 0.6, resetsAt: NOW + H },
      0.6,
      'normal',
      undefined,
    ],
  ])('%s', (_name, w, uvi, level, elapsed) => {
    const r = windowUvi(w, NOW);
    expect(r.uvi).toBeCloseTo(uvi, 9);
    expect(r.level).toBe(level);
    if (elapsed === undefined) expect(r.elapsed).toBeUndefined();
    else expect(r.elapsed).toBeCloseTo(elapsed, 9);
  });

  it.each([
    ['reset exactly now', NOW],
    ['reset in the past', NOW - H],
  ])('a window that has already reset (%s) is stale and counts for nothing', (_name, resetsAt) => {
    expect(windowUvi({ name: 'w', source: 'quota', used: 1, lengthMs: FIVE_H, resetsAt }, NOW)).toMatchObject({
      uvi: 0,
      level: 'normal',
      stale: true,
    });
  });
});

describe('providerUvi: the worst window decides', () => {
  it.each<[string, QuotaWindow[], UviLevel, number | undefined]>([
    ['no windows', [], 'normal', undefined],
    [
      'stressed 5h beats a surplus week',
      [fiveHour(0.8, 0.5), { name: 'seven_day', source: 'quota', used: 0.1, lengthMs: 168 * H, resetsAt: NOW + 10 * H }],
      'stressed',
      1.6,
    ],
    [
      'surplus only when the worst window is surplus',
      [fiveHour(0.4, 0.8), { name: 'seven_day', source: 'quota', used: 0.3, lengthMs: 168 * H, resetsAt: NOW + 84 * H }],
      'normal',
      0.6,
    ],
    [
      'both surplus',
      [fiveHour(0.4, 0.8), { name: 'seven_day', source: 'quota', used: 0.1, lengthMs: 100 * H, resetsAt: NOW + 20 * H }],
      'surplus',
      0.5,
    ],
    [
      'a stale window is ignored',
      [{ name: 'old', source: 'quota', used: 5, lengthMs: H, resetsAt: NOW - 1 }, fiveHour(0.5, 0.5)],
      'normal',
      1,
    ],
    ['only stale windows', [{ name: 'old', source: 'quota', used: 5, lengthMs: H, resetsAt: NOW - 1 }], 'normal', undefined],
  ])('%s', (_name, windows, level, uvi) => {
    const r = providerUvi(windows, NOW);
    expect(r.level).toBe(level);
    if (uvi === undefined) expect(r.uvi).toBeUndefined();
    else expect(r.uvi).toBeCloseTo(uvi, 9);
  });
});

describe('pressure and hard mode', () => {
  it.each<[UviLevel, boolean, Pressure]>([
    ['critical', false, 'blocked'],
    ['critical', true, 'blocked'],
    ['stressed', false, 'demoted'],
    ['stressed', true, 'blocked'],
    ['surplus', false, 'promoted'],
    ['surplus', true, 'promoted'],
    ['normal', false, 'normal'],
    ['normal', true, 'normal'],
  ])('%s with hard=%s -> %s', (level, hard, pressure) => expect(pressureOf(level, hard)).toBe(pressure));

  it('the pressure map lists only providers that are not normal', () => {
    const windows = { a: [fiveHour(1, 0.5)], b: [fiveHour(0.8, 0.5)], c: [fiveHour(0.4, 0.8)], d: [fiveHour(0.5, 0.5)], e: [] };
    expect(uviPressure(windows, NOW, false)).toEqual({ a: 'blocked', b: 'demoted', c: 'promoted' });
    expect(uviPressure(windows, NOW, true)).toEqual({ a: 'blocked', b: 'blocked', c: 'promoted' });
  });

  it('hard mode excludes a stressed provider from the plan; soft mode only demotes it', () => {
    const config = makeConfig({ routes: { main: { strategy: 'adaptive', escalate: false, targets: [target('a/m'), target('b/m')] } } });
    const windows = { a: [fiveHour(0.8, 0.5)] };
    const soft = plan(facts(), { ...initialState(), pressure: uviPressure(windows, NOW, false) }, config, NOW, 'd');
    const hard = plan(facts(), { ...initialState(), pressure: uviPressure(windows, NOW, true) }, config, NOW, 'd');
    expect(soft.ok && soft.trace.plannedOrder).toEqual(['b/m', 'a/m']);
    expect(hard.ok && hard.trace.plannedOrder).toEqual(['b/m']);
  });
});

describe('per-token spend against the monthly budget', () => {
  const stat = (over: Partial<BudgetStat>): BudgetStat => ({ day: '2025-03-14', spentDay: 0, month: '2025-03', spentMonth: 0, ...over });
  // March 2025 has 31 days; at the 14th, noon, 13.5 of them are gone.
  const elapsed = 13.5 / 31;

  it('month bounds are UTC calendar months', () => {
    expect(monthBounds(NOW)).toEqual({ start: Date.UTC(2025, 2, 1), end: Date.UTC(2025, 3, 1) });
    expect(monthBounds(Date.UTC(2024, 11, 31, 23))).toEqual({ start: Date.UTC(2024, 11, 1), end: Date.UTC(2025, 0, 1) });
  });

  it.each<[string, BudgetStat | undefined, number | undefined, UviLevel | undefined]>([
    ['no budget', undefined, undefined, undefined],
    ['daily budget only', stat({ daily: 5 }), undefined, undefined],
    ['zero monthly budget gives no window', stat({ monthly: 0 }), undefined, undefined],
    ['on pace', stat({ monthly: 100, spentMonth: 43.5 }), 0.435 / elapsed, 'normal'],
    ['spending too fast', stat({ monthly: 100, spentMonth: 70 }), 0.7 / elapsed, 'stressed'],
    ['far too fast', stat({ monthly: 100, spentMonth: 90 }), 0.9 / elapsed, 'critical'],
    ['last month spend is forgotten', stat({ monthly: 100, month: '2025-02', spentMonth: 90 }), 0, 'normal'],
  ])('%s', (_name, s, uvi, level) => {
    const w = budgetWindow(s, NOW);
    if (uvi === undefined) return expect(w).toBeUndefined();
    const r = windowUvi(w!, NOW);
    expect(w).toMatchObject({ name: 'month', source: 'budget', resetsAt: Date.UTC(2025, 3, 1) });
    expect(r.elapsed).toBeCloseTo(elapsed, 9);
    expect(r.uvi).toBeCloseTo(uvi, 9);
    expect(r.level).toBe(level);
  });
});
