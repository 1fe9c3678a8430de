import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { attempt, DAY, NOON, request, tempDbFile, writeLegacy } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
beforeEach(() => {
  tmp = tempDbFile();
  store = openStore(tmp.file, { flushIntervalMs: 60_000 });
  // old: 10 days back, two attempts; edge: request just before the cut-off whose attempt lands after it; fresh: today.
  store.ledger.enqueue(request({ decisionId: 'old', ts: NOON - 10 * DAY }), [
    attempt({ decisionId: 'old', seq: 1, ts: NOON - 10 * DAY }),
    attempt({ decisionId: 'old', seq: 2, ts: NOON - 10 * DAY + 1 }),
  ]);
  store.ledger.enqueue(request({ decisionId: 'edge', ts: NOON - 7 * DAY - 1 }), [attempt({ decisionId: 'edge', ts: NOON - 7 * DAY + 5 })]);
  store.ledger.enqueue(request({ decisionId: 'fresh', ts: NOON }), [attempt({ decisionId: 'fresh', ts: NOON })]);
  // legacy: 9 days back, written by a release before schema 4, so its two attempts have their own rows.
  writeLegacy(tmp.file, request({ decisionId: 'legacy', ts: NOON - 9 * DAY }), [
    attempt({ decisionId: 'legacy', seq: 1, ts: NOON - 9 * DAY }),
    attempt({ decisionId: 'legacy', seq: 2, ts: NOON - 9 * DAY + 1 }),
  ]);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const count = (sql: string): number => {
  const db = new Database(tmp.file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('prune', () => {
  // Deleted rows: each request (its attempts inside it) plus the legacy request's two attempt rows.
  it.each([
    ['nothing older than the oldest', NOON - 11 * DAY, 0, ['fresh', 'edge', 'legacy', 'old']],
    ['requests and their attempts before 7 days', NOON - 7 * DAY, 5, ['fresh']],
    ['exactly at a request ts keeps it (strictly older only)', NOON - 10 * DAY, 0, ['fresh', 'edge', 'legacy', 'old']],
    ['everything', NOON + 1, 6, []],
  ])('%s', (_name, cutoff, deleted, left) => {
    expect(store.ledger.prune(cutoff)).toBe(deleted);
    expect(store.ledger.recent(10).map((r) => r.decisionId)).toEqual(left);
    expect(count('SELECT COUNT(*) AS n FROM attempts')).toBe(left.includes('legacy') ? 2 : 0);
    for (const id of left) expect(store.ledger.get(id)?.attempts.map((a) => a.seq)).toEqual(id === 'old' || id === 'legacy' ? [1, 2] : [1]);
  });

  it('keeps the spend and hourly rollups', () => {
    store.ledger.prune(NOON + 1);
    expect(store.spend.range('openai', '2025-03-01', '2025-03-31')).toBe(0.00144);
    expect(count('SELECT SUM(requests) AS n FROM requests_hourly')).toBe(3);
  });
});
