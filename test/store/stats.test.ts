// `router stats` over a seeded ledger: every figure is known in advance from the seed's pattern.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.js';
import { openStoreReadOnly } from '../../src/store/readonly.js';
import { bucketEdge, bucketOf, ZERO_BUCKET } from '../../src/store/stats-rollups.js';
import { openStore } from '../../src/store/store.js';
import type { AttemptRecord, RequestRecord, Store } from '../../src/store/types.js';
import { tempDbFile } from './fixtures.js';

/** Monday 2025-03-10T00:00Z; the seed spans Monday and Tuesday (UTC). */
const MONDAY = Date.UTC(2025, 2, 10);
const H = 3_600_000;
const N = 10_000;
const STEP = (48 * H) / N;
const TARGETS = ['a/x', 'a/y', 'b/z', 'c/w'];

/**
 * Request i: target TARGETS[i % 4]; route null when i % 5 == 0; latency 100..1000 ms; ttft 50 ms on
 * even i; i % 20 == 0 fails (502, first attempt 'server'); i % 50 == 1 is aborted; i % 10 == 3 and
 * i % 10 == 7 fail over from d/v (rate_limit and server); every request costs $0.001.
 */
function seedEntry(i: number): { request: RequestRecord; attempts: AttemptRecord[] } {
  const ts = MONDAY + i * STEP;
  const target = TARGETS[i % 4]!;
  const failover = i % 10 === 3 ? 'rate_limit' : i % 10 === 7 ? 'server' : undefined;
  const failed = i % 20 === 0;
  const aborted = i % 50 === 1;
  const id = `d-${i}`;
  const attempt = (seq: number, t: string, outcome: AttemptRecord['outcome'], errorClass?: string): AttemptRecord => ({
    decisionId: id,
    seq,
    ts,
    target: t,
    provider: t.split('/')[0]!,
    model: t.split('/')[1]!,
    outcome,
    errorClass,
    latencyMs: 10,
    tokensIn: 0,
    tokensOut: 0,
    tokensCached: 0,
    tokensCacheWrite: 0,
    costUsd: 0,
  });
  const attempts = failover
    ? [attempt(1, 'd/v', 'failed', failover), attempt(2, target, 'ok')]
    : [attempt(1, target, failed ? 'failed' : aborted ? 'aborted' : 'ok', failed ? 'server' : undefined)];
  return {
    request: {
      decisionId: id,
      ts,
      route: i % 5 === 0 ? null : 'main',
      clientFormat: 'openai',
      requestedModel: 'auto',
      stream: true,
      target,
      status: failed ? 502 : 200,
      outcome: failed ? 'error' : aborted ? 'aborted' : 'ok',
      errorClass: failed ? 'server' : undefined,
      attempts: attempts.length,
      latencyMs: 100 * (1 + (i % 10)),
      ttftMs: i % 2 === 0 ? 50 : undefined,
      tokensIn: 100,
      tokensOut: 10,
      tokensCached: i % 3 === 0 ? 50 : 0,
      costUsd: 0.001,
    },
    attempts,
  };
}

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
const window = { fromMs: MONDAY, toMs: MONDAY + 48 * H, tzOffsetMinutes: 0 };

beforeAll(() => {
  tmp = tempDbFile();
  store = openStore(tmp.file, { maxBatch: 100_000, flushIntervalMs: 60_000 });
  for (let i = 0; i < N; i++) {
    const e = seedEntry(i);
    store.ledger.enqueue(e.request, e.attempts);
  }
  store.ledger.flush();
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('histogram buckets', () => {
  it.each([
    [100, 40, 112],
    [500, 53, 501],
    [1000, 60, 1120],
    [50, 33, 50.1],
    [0.001, -60, 0.00112],
    [0, ZERO_BUCKET, 0],
    [-5, ZERO_BUCKET, 0],
  ])('%s falls in bucket %i, reported as %s', (value, bucket, edge) => {
    expect(bucketOf(value)).toBe(bucket);
    expect(bucketEdge(bucket)).toBe(edge);
  });
});

describe('stats report on a seeded ledger', () => {
  it('totals', () => {
    const r = store.stats.report({ ...window, by: 'provider' });
    expect(r.totals).toEqual({
      key: 'total',
      requests: 10_000,
      ok: 9_300,
      errors: 500,
      aborted: 200,
      successPct: 93,
      failovers: 2_000,
      failoverPct: 20,
      // 100..1000 ms, 1000 of each: the 5000th is 500 ms (bucket edge 501), the 9500th 1000 ms (edge 1120).
      latencyP50Ms: 501,
      latencyP95Ms: 1120,
      ttftP50Ms: 50.1,
      ttftP95Ms: 50.1,
      tokensIn: 1_000_000,
      tokensOut: 100_000,
      tokensCached: 3_334 * 50,
      costUsd: 10,
    });
  });

  it('by provider: busiest first, failovers counted where they landed', () => {
    const rows = store.stats.report({ ...window, by: 'provider' }).rows;
    expect(rows.map((r) => [r.key, r.requests, r.failovers, r.costUsd])).toEqual([
      ['a', 5_000, 1_000, 5],
      ['b', 2_500, 0, 2.5],
      ['c', 2_500, 1_000, 2.5],
    ]);
  });

  it('by day, in date order', () => {
    const rows = store.stats.report({ ...window, by: 'day' }).rows;
    expect(rows.map((r) => [r.key, r.requests])).toEqual([
      ['2025-03-10', 5_000],
      ['2025-03-11', 5_000],
    ]);
  });

  it('by route, and a route filter (none = direct requests)', () => {
    expect(store.stats.report({ ...window, by: 'route' }).rows.map((r) => [r.key, r.requests])).toEqual([
      ['main', 8_000],
      ['(none)', 2_000],
    ]);
    expect(store.stats.report({ ...window, by: 'model', route: 'main' }).totals.requests).toBe(8_000);
    expect(store.stats.report({ ...window, by: 'model', route: '(none)' }).totals.requests).toBe(2_000);
    expect(store.stats.report({ ...window, by: 'model', route: 'nope' }).totals).toMatchObject({
      requests: 0,
      successPct: null,
      latencyP50Ms: null,
    });
  });

  it('window: only the hours asked for', () => {
    const r = store.stats.report({ ...window, fromMs: MONDAY + 47 * H, by: 'model' });
    // Requests in the last hour: i from ceil(47h / STEP) to N - 1.
    expect(r.totals.requests).toBe(N - Math.ceil((47 * H) / STEP));
  });

  it('daily composition of model share', () => {
    const c = store.stats.report({ ...window, by: 'model' }).composition;
    expect(c.map((d) => d.day)).toEqual(['2025-03-10', '2025-03-11']);
    expect(c[0]!.shares).toEqual(TARGETS.map((key) => ({ key, requests: 1_250, pct: 25 })));
  });

  it('planned -> actual drift with the errors that caused it', () => {
    const d = store.stats.report({ ...window, by: 'model' }).drift;
    expect(d).toMatchObject({ requests: 2_500, failedOver: 2_000, unanswered: 500 });
    expect(d.topErrors).toEqual([
      { errorClass: 'server', requests: 1_500 },
      { errorClass: 'rate_limit', requests: 1_000 },
    ]);
    expect(d.pairs.find((p) => p.planned === 'd/v' && p.actual === 'c/w')).toEqual({
      planned: 'd/v',
      actual: 'c/w',
      requests: 1_000,
      causes: [
        { errorClass: 'rate_limit', requests: 500 },
        { errorClass: 'server', requests: 500 },
      ],
    });
    expect(d.pairs.filter((p) => p.actual === null).map((p) => [p.planned, p.requests])).toEqual([['a/x', 500]]);
  });

  it('latency and cost distributions per model', () => {
    const dist = store.stats.report({ ...window, by: 'model' }).distributions;
    expect(dist.map((d) => d.target)).toEqual(TARGETS);
    // a/x is i % 4 == 0: even i, latencies 100, 300, 500, 700, 900 ms, 500 of each.
    expect(dist[0]).toMatchObject({
      requests: 2_500,
      latencyP50Ms: 501,
      latencyP95Ms: 1000,
      latencyP99Ms: 1000,
      costP50Usd: 0.00112,
      costAvgUsd: 0.001,
    });
    expect(dist[0]!.latency.map((b) => b.requests)).toEqual([500, 500, 500, 500, 500]);
  });

  it.each([
    ['UTC', 0, [0, 0, 209], [0, 23, 208]],
    ['UTC+01:00 shifts everything an hour later', 60, [0, 0, 0], [0, 1, 209]],
    ['UTC-01:00 moves the first hour to Sunday 23:00', -60, [6, 23, 209], [0, 0, 208]],
  ])('heatmap of requests, %s', (_name, tz, [wd1, h1, n1], [wd2, h2, n2]) => {
    const hm = store.stats.report({ ...window, tzOffsetMinutes: tz, by: 'model', heatmap: 'requests' }).heatmap!;
    expect(hm.weekdays).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(hm.cells.flat().reduce((a, b) => a + b, 0)).toBe(N);
    expect(hm.cells[wd1!]![h1!]).toBe(n1);
    expect(hm.cells[wd2!]![h2!]).toBe(n2);
  });

  it('heatmap of cost', () => {
    const hm = store.stats.report({ ...window, by: 'model', heatmap: 'cost' }).heatmap!;
    expect(hm.cells[0]![0]).toBeCloseTo(0.209, 12);
    expect(hm.max).toBeCloseTo(0.209, 12);
  });

  it('a duplicate write does not count twice', () => {
    const before = store.stats.report({ ...window, by: 'model' }).totals;
    const e = seedEntry(5);
    store.ledger.enqueue(e.request, e.attempts);
    expect(store.stats.report({ ...window, by: 'model' }).totals).toEqual(before);
  });

  it('the read-only view gives the same report', () => {
    const ro = openStoreReadOnly(tmp.file);
    try {
      expect(ro.stats.report({ ...window, by: 'provider' })).toEqual(store.stats.report({ ...window, by: 'provider' }));
    } finally {
      ro.close();
    }
  });

  it('ledger history for `router events --since`, oldest first', () => {
    const entries = store.stats.entriesSince(MONDAY + 3 * STEP, 2);
    expect(entries.map((e) => [e.request.decisionId, e.attempts.map((a) => `${a.seq}:${a.target}:${a.outcome}`)])).toEqual([
      ['d-3', ['1:d/v:failed', '2:c/w:ok']],
      ['d-4', ['1:a/x:ok']],
    ]);
  });
});

describe('ratings per target', () => {
  it('counts written ratings and keeps the target when the request is pruned', () => {
    const t = tempDbFile();
    const s = openStore(t.file);
    try {
      s.ratings.set({ decisionId: 'd-1', ts: 1, rating: 'good', target: 'a/x' });
      s.ratings.set({ decisionId: 'd-2', ts: 2, rating: 'bad', target: 'a/x', comment: 'meh' });
      s.ratings.set({ decisionId: 'd-3', ts: 3, rating: 'good', target: 'b/z' });
      s.ratings.set({ decisionId: 'd-3', ts: 4, rating: 'bad', target: 'b/z' });
      expect(s.ratings.get('d-2')).toEqual({ decisionId: 'd-2', ts: 2, rating: 'bad', target: 'a/x', comment: 'meh' });
      expect(s.stats.ratingsByTarget()).toEqual({ 'a/x': { good: 1, bad: 1 }, 'b/z': { good: 0, bad: 1 } });
    } finally {
      s.close();
      t.cleanup();
    }
  });

  it('migration 2 gives existing ratings the target of their request', () => {
    const t = tempDbFile();
    const db = new Database(t.file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    db.exec(migrations[0]!.sql);
    db.prepare("INSERT INTO schema_migrations VALUES (1, 'v1', 0)").run();
    db.prepare(
      "INSERT INTO requests (decision_id, ts, client_format, requested_model, stream, target, status, outcome, attempts, latency_ms, tokens_in, tokens_out, tokens_cached, cost_usd) VALUES ('d-1', 1, 'openai', 'auto', 0, 'a/x', 200, 'ok', 1, 5, 0, 0, 0, 0)",
    ).run();
    db.prepare("INSERT INTO ratings (decision_id, ts, rating) VALUES ('d-1', 2, 'good'), ('d-gone', 3, 'bad')").run();
    db.close();
    const s = openStore(t.file);
    try {
      expect(s.ratings.get('d-1')).toMatchObject({ target: 'a/x' });
      expect(s.ratings.get('d-gone')?.target).toBeUndefined();
      expect(s.stats.ratingsByTarget()).toEqual({ 'a/x': { good: 1, bad: 0 } });
    } finally {
      s.close();
      t.cleanup();
    }
  });
});
