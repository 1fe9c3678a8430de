import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { attempt, NOON, request, tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
let errors: Error[];
beforeEach(() => {
  tmp = tempDbFile();
  errors = [];
  store = openStore(tmp.file, { flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const rowCount = (table: string): number => {
  const db = new Database(tmp.file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('ledger round trip', () => {
  it('returns exactly what was enqueued, attempts in seq order', () => {
    const failed = attempt({
      seq: 1,
      ts: NOON + 1,
      target: 'anthropic/claude-sonnet-4',
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      outcome: 'failed',
      errorClass: 'rate_limit',
      status: 429,
      ttftMs: undefined,
      latencyMs: 95.5,
      tokensIn: 0,
      tokensOut: 0,
      tokensCached: 0,
      costUsd: 0,
    });
    const ok = attempt({ seq: 2, ts: NOON + 100, tokensCacheWrite: 64 });
    const req = request({ attempts: 2 });
    store.ledger.enqueue(req, [ok, failed]);
    store.ledger.flush();

    expect(store.ledger.get('d-1')).toEqual({ request: req, attempts: [failed, ok] });
    expect(store.ledger.get('d-1')?.attempts[0]).not.toHaveProperty('ttftMs');
    expect(store.ledger.get('missing')).toBeNull();
  });

  it('round-trips the optional and nullable fields of an error request', () => {
    const req = request({
      decisionId: 'd-err',
      route: null,
      target: null,
      clientFormat: 'anthropic',
      stream: false,
      status: 503,
      outcome: 'error',
      errorClass: 'no_target',
      attempts: 0,
      ttftMs: undefined,
      trace: undefined,
      tokensIn: 0,
      tokensOut: 0,
      tokensCached: 0,
      costUsd: 0,
    });
    store.ledger.enqueue(req, []);
    const got = store.ledger.get('d-err');
    expect(got).toEqual({ request: req, attempts: [] });
    expect(Object.keys(got?.request ?? {})).not.toContain('trace');
    expect(got?.request.stream).toBe(false);
  });

  it('stores the trace as JSON text', () => {
    store.ledger.enqueue(request({ trace: { kept: ['a/b'], why: { 'a/b': 'cheapest' }, n: 1.5 } }), []);
    store.ledger.flush();
    const db = new Database(tmp.file, { readonly: true });
    expect(db.prepare('SELECT trace FROM requests').get()).toEqual({ trace: '{"kept":["a/b"],"why":{"a/b":"cheapest"},"n":1.5}' });
    db.close();
  });

  it('keeps the row when the trace cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    store.ledger.enqueue(request({ trace: cyclic }), []);
    expect(store.ledger.get('d-1')?.request.trace).toEqual({ unserialisableTrace: expect.stringContaining('circular') });
  });

  it('get, last and recent flush first', () => {
    store.ledger.enqueue(request({ decisionId: 'a', ts: NOON }), []);
    expect(store.ledger.pending()).toBe(1);
    expect(store.ledger.last()?.request.decisionId).toBe('a');
    expect(store.ledger.pending()).toBe(0);
  });

  it('orders last and recent by ts, newest first, ties by write order', () => {
    for (const [id, ts] of [
      ['b', NOON + 2],
      ['a', NOON + 1],
      ['c', NOON + 3],
      ['c2', NOON + 3],
    ] as const) {
      store.ledger.enqueue(request({ decisionId: id, ts }), []);
    }
    expect(store.ledger.last()?.request.decisionId).toBe('c2');
    expect(store.ledger.recent(3).map((r) => [r.decisionId, r.ts])).toEqual([
      ['c2', NOON + 3],
      ['c', NOON + 3],
      ['b', NOON + 2],
    ]);
    expect(store.ledger.recent(10)).toHaveLength(4);
    expect(store.ledger.recent(0)).toEqual([]);
  });

  it('last is null on an empty ledger', () => {
    expect(store.ledger.last()).toBeNull();
    expect(store.ledger.recent(5)).toEqual([]);
  });

  it('keeps the first write of a decision id and does not count it twice', () => {
    store.ledger.enqueue(request({ status: 200 }), [attempt()]);
    store.ledger.enqueue(request({ status: 500 }), [attempt({ costUsd: 9 })]);
    store.ledger.flush();
    expect(store.ledger.get('d-1')?.request.status).toBe(200);
    expect(store.ledger.get('d-1')?.attempts.map((a) => a.costUsd)).toEqual([attempt().costUsd]);
    expect(store.spend.day('openai', '2025-03-14')).toBe(0.00036);
    expect(errors).toEqual([]);
  });
});

describe('batching', () => {
  it('writes nothing until flush, then all 1000 entries in one flush', () => {
    for (let i = 0; i < 1000; i++)
      store.ledger.enqueue(request({ decisionId: `d-${i}`, ts: NOON + i }), [attempt({ decisionId: `d-${i}` })]);
    expect(store.ledger.pending()).toBe(1000);
    expect(rowCount('requests')).toBe(0);

    store.ledger.flush();
    expect(store.ledger.pending()).toBe(0);
    expect(rowCount('requests')).toBe(1000);
    // Each request row carries its attempts; the attempts table holds only rows older releases wrote.
    expect(rowCount('requests WHERE attempts_json IS NOT NULL')).toBe(1000);
    expect(rowCount('attempts')).toBe(0);
    expect(store.ledger.get('d-999')?.attempts).toEqual([attempt({ decisionId: 'd-999' })]);
  });

  it('the timer writes the queue after flushIntervalMs', () => {
    vi.useFakeTimers();
    try {
      const timed = openStore(':memory:', { flushIntervalMs: 50 });
      timed.ledger.enqueue(request(), []);
      vi.advanceTimersByTime(49);
      expect(timed.ledger.pending()).toBe(1);
      vi.advanceTimersByTime(1);
      expect(timed.ledger.pending()).toBe(0);
      timed.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reaching maxBatch writes on the next tick instead of waiting for the interval', () => {
    vi.useFakeTimers();
    try {
      const timed = openStore(':memory:', { flushIntervalMs: 60_000, maxBatch: 3 });
      for (const id of ['a', 'b']) timed.ledger.enqueue(request({ decisionId: id }), []);
      vi.advanceTimersByTime(0);
      expect(timed.ledger.pending()).toBe(2);
      timed.ledger.enqueue(request({ decisionId: 'c' }), []);
      vi.advanceTimersByTime(0);
      expect(timed.ledger.pending()).toBe(0);
      timed.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('the flush timer does not keep the process alive', () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    store.ledger.enqueue(request(), []);
    expect(timers()).toBe(before);
  });

  it('close writes what is still queued', () => {
    store.ledger.enqueue(request({ decisionId: 'late' }), []);
    store.close();
    expect(rowCount('requests')).toBe(1);
    store = openStore(tmp.file);
    expect(store.ledger.get('late')?.request.decisionId).toBe('late');
  });
});

describe('failed writes', () => {
  it('drops only the record at fault and reports it', () => {
    store.ledger.enqueue(request({ decisionId: 'good-1' }), []);
    store.ledger.enqueue(request({ decisionId: 'bad', status: Number.NaN }), []);
    store.ledger.enqueue(request({ decisionId: 'good-2' }), []);
    expect(() => store.ledger.flush()).not.toThrow();

    expect(
      store.ledger
        .recent(10)
        .map((r) => r.decisionId)
        .sort(),
    ).toEqual(['good-1', 'good-2']);
    expect(store.ledger.pending()).toBe(0);
    expect(errors.map((e) => e.message)).toEqual([
      'NOT NULL constraint failed: requests.status',
      'NOT NULL constraint failed: requests.status',
      'dropped ledger entry bad',
    ]);
  });

  it('keeps the whole batch while the file is locked, and writes it once the lock is gone', () => {
    const locked = openStore(tmp.file, { busyTimeoutMs: 0, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    const other = new Database(tmp.file);
    other.prepare('BEGIN IMMEDIATE').run();
    for (let i = 0; i < 3; i++) locked.ledger.enqueue(request({ decisionId: `q-${i}` }), []);

    locked.ledger.flush();
    expect(locked.ledger.pending()).toBe(3);
    expect(errors.map((e) => (e as Error & { code?: string }).code)).toEqual(['SQLITE_BUSY']);

    other.prepare('COMMIT').run();
    other.close();
    locked.ledger.flush();
    expect(locked.ledger.pending()).toBe(0);
    expect(locked.ledger.recent(5)).toHaveLength(3);
    locked.close();
  });

  it('enqueue after close is reported, never thrown', () => {
    store.close();
    expect(() => store.ledger.enqueue(request(), [])).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual(['ledger.enqueue after the store was closed: not written']);
    store = openStore(tmp.file);
  });
});
