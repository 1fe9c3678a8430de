import { describe, expect, it } from 'vitest';
import { hourlyDeltas, hourOf, spendDeltas, toNanoUsd, utcDay } from '../../src/store/rollups.js';
import { attempt, request } from './fixtures.js';

describe('rollup keys', () => {
  it('utcDay agrees with Date for every day from 1970 to 2200', () => {
    // One assertion over the list of disagreements: ~80k expect() calls alone took over a second.
    const wrong: Array<[number, string, string]> = [];
    for (let t = Date.UTC(1970, 0, 1); t < Date.UTC(2200, 0, 1); t += 86_400_000 + 3_599_999) {
      const want = new Date(t).toISOString().slice(0, 10);
      if (utcDay(t) !== want) wrong.push([t, utcDay(t), want]);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['2025-03-14T23:59:59.999Z', '2025-03-14'],
    ['2025-03-15T00:00:00.000Z', '2025-03-15'],
    ['2024-02-29T12:00:00.000Z', '2024-02-29'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31'],
    ['2000-02-29T00:00:00.000Z', '2000-02-29'],
    ['2100-03-01T00:00:00.000Z', '2100-03-01'],
    ['2026-12-31T23:59:59.999Z', '2026-12-31'],
    ['2027-01-01T00:00:00.000Z', '2027-01-01'],
  ])('utcDay(%s) = %s', (iso, day) => {
    expect(utcDay(Date.parse(iso))).toBe(day);
  });

  it.each([
    ['2025-03-14T23:59:59.999Z', '2025-03-14T23:00:00.000Z'],
    ['2025-03-15T00:00:00.000Z', '2025-03-15T00:00:00.000Z'],
    ['2025-03-15T00:30:00.000Z', '2025-03-15T00:00:00.000Z'],
  ])('hourOf(%s) = %s', (iso, hour) => {
    expect(hourOf(Date.parse(iso))).toBe(Date.parse(hour));
  });

  it.each([
    [0.1, 100_000_000],
    [0.00036, 360_000],
    [1.5e-7, 150],
    [0, 0],
    [12345.678901234, 12_345_678_901_234],
  ])('toNanoUsd(%s) = %s', (usd, nusd) => {
    expect(toNanoUsd(usd)).toBe(nusd);
  });
});

describe('deltas', () => {
  it('groups attempts per provider and UTC day', () => {
    const noon = Date.parse('2025-03-14T12:00:00.000Z');
    expect(
      spendDeltas([
        attempt({ ts: noon, costUsd: 0.1 }),
        attempt({ ts: noon + 1, costUsd: 0.2, outcome: 'failed', tokensIn: 10, tokensOut: 0 }),
        attempt({ ts: noon + 12 * 3_600_000, costUsd: 1 }),
      ]),
    ).toEqual([
      { provider: 'openai', day: '2025-03-14', cost_nusd: 300_000_000, attempts: 2, failed: 1, tokens_in: 1210, tokens_out: 300 },
      { provider: 'openai', day: '2025-03-15', cost_nusd: 1_000_000_000, attempts: 1, failed: 0, tokens_in: 1200, tokens_out: 300 },
    ]);
  });

  it('groups requests per hour, route and target, with null keys as empty strings', () => {
    const hour = Date.parse('2025-03-14T12:00:00.000Z');
    expect(
      hourlyDeltas([
        request({ ts: hour + 1, latencyMs: 100, ttftMs: 10 }),
        request({ ts: hour + 2, latencyMs: 300, ttftMs: undefined, outcome: 'aborted', attempts: 2 }),
        request({ ts: hour + 3, route: null, target: null, outcome: 'error', attempts: 0, costUsd: 0 }),
      ]),
    ).toEqual([
      {
        hour,
        route: 'default',
        target: 'openai/gpt-4o-mini',
        requests: 2,
        ok: 1,
        errors: 0,
        aborted: 1,
        attempts: 3,
        latency_ms_sum: 400,
        ttft_ms_sum: 10,
        ttft_count: 1,
        tokens_in: 2400,
        tokens_out: 600,
        tokens_cached: 2048,
        cost_nusd: 720_000,
      },
      {
        hour,
        route: '',
        target: '',
        requests: 1,
        ok: 0,
        errors: 1,
        aborted: 0,
        attempts: 0,
        latency_ms_sum: 812,
        ttft_ms_sum: 240,
        ttft_count: 1,
        tokens_in: 1200,
        tokens_out: 300,
        tokens_cached: 1024,
        cost_nusd: 0,
      },
    ]);
  });
});
