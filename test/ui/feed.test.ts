// The dashboard's decision feed and chart series, folded from router events (pure).
import { describe, expect, it } from 'vitest';
import { FEED_ROWS, foldEvent, perMinute, type FeedRow, type Point } from '../../src/ui/feed.js';
import type { RouterEvent } from '../../src/protocol/index.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const decision = (id: string, s = 0): RouterEvent => ({
  type: 'decision',
  at: at(s),
  decisionId: id,
  route: 'main',
  model: 'auto',
  planned: ['a/x', 'b/y'],
});
const attempt = (id: string, seq: number, target: string, outcome: 'ok' | 'failed', errorClass?: string): RouterEvent => ({
  type: 'attempt',
  at: at(1),
  decisionId: id,
  seq,
  target,
  outcome,
  errorClass,
  latencyMs: 5,
});
const request = (id: string, status: number, s = 2, costUsd = 0.002): RouterEvent => ({
  type: 'request',
  at: at(s),
  decisionId: id,
  target: status < 400 ? 'b/y' : null,
  status,
  latencyMs: 40,
  costUsd,
  attempts: 2,
});

function fold(events: RouterEvent[], start: { rows: FeedRow[]; points: Point[] } = { rows: [], points: [] }) {
  return events.reduce((acc, e) => foldEvent(acc.rows, acc.points, e), start);
}

describe('foldEvent', () => {
  it('builds one row per decision: failover, then the answer', () => {
    const { rows, points } = fold([
      decision('d1'),
      attempt('d1', 1, 'a/x', 'failed', 'rate_limit'),
      attempt('d1', 2, 'b/y', 'ok'),
      request('d1', 200),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        id: 'd1',
        route: 'main',
        target: 'b/y',
        attempts: 2,
        latencyMs: 40,
        costUsd: 0.002,
        outcome: 'ok',
        status: 200,
        lastError: 'rate_limit',
      }),
    ]);
    expect(points).toEqual([{ at: Date.parse(at(2)), latencyMs: 40, costUsd: 0.002 }]);
  });

  it.each([
    ['a failed request', [decision('d2'), attempt('d2', 1, 'a/x', 'failed', 'server_error'), request('d2', 502)], 'failed'],
    ['a request still running', [decision('d3'), attempt('d3', 1, 'a/x', 'failed', 'timeout')], 'pending'],
  ])('marks %s', (_name, events, outcome) => {
    expect(fold(events).rows[0]!.outcome).toBe(outcome);
  });

  it('counts a request once when history and the live stream both bring it', () => {
    const events = [decision('d1'), request('d1', 200)];
    const twice = fold(events, fold(events));
    expect(twice.rows).toHaveLength(1);
    expect(twice.points).toHaveLength(1);
  });

  it('keeps the newest rows first, at most FEED_ROWS', () => {
    const events = Array.from({ length: FEED_ROWS + 5 }, (_, i) => decision(`d${i}`, i % 60));
    const { rows } = fold(events);
    expect(rows).toHaveLength(FEED_ROWS);
    expect(rows[0]!.id).toBe(`d${FEED_ROWS + 4}`);
  });

  it('ignores config events', () => {
    const before = fold([decision('d1')]);
    expect(foldEvent(before.rows, before.points, { type: 'config.reloaded', at: at(0), routes: 2 })).toEqual(before);
  });
});

describe('perMinute', () => {
  it('buckets latency (mean, max), cost and requests by minute', () => {
    const m = Date.UTC(2026, 0, 1, 12, 0, 0);
    const s = perMinute([
      { at: m + 1000, latencyMs: 10, costUsd: 0.01 },
      { at: m + 59_000, latencyMs: 30, costUsd: 0.02 },
      { at: m + 61_000, latencyMs: 5, costUsd: 0 },
    ]);
    expect(s.t).toEqual([m / 1000, m / 1000 + 60]);
    expect(s.latencyAvg).toEqual([20, 5]);
    expect(s.latencyMax).toEqual([30, 5]);
    expect(s.cost[0]).toBeCloseTo(0.03);
    expect(s.requests).toEqual([2, 1]);
  });
});
