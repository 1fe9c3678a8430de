// Migration 7 from a schema-6 file, and the repositories it adds: virtual keys (hash only), key
// spend per day and month from the ledger batch, stats --by key, and the response cache's expiry
// and count bound. Real SQLite files.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, migrations, schemaVersion } from '../../src/store/migrations.js';
import type { KeyRecord } from '../../src/store/keys-repo.js';
import { openStore } from '../../src/store/store.js';
import { DAY, HOUR, NOON, request, tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
beforeEach(() => {
  tmp = tempDbFile();
});
afterEach(() => tmp.cleanup());

function schema6File(file: string): void {
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const m of migrations.filter((x) => x.version <= 6)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 1);
  }
  db.prepare(
    `INSERT INTO requests (decision_id, ts, route, client_format, requested_model, stream, target, status, outcome, attempts,
      latency_ms, tokens_in, tokens_out, tokens_cached, cost_usd) VALUES ('d-old', ?, 'main', 'openai', 'auto', 0, 'a/b', 200, 'ok', 1, 5, 1, 1, 0, 0.5)`,
  ).run(NOON);
  db.close();
}

const key = (over: Partial<KeyRecord> = {}): KeyRecord => ({
  name: 'alice',
  secretHash: 'h1',
  last4: 'abcd',
  createdAt: NOON,
  rotatedAt: null,
  revokedAt: null,
  budgetUsd: 5,
  budgetPeriod: 'daily',
  rpm: 60,
  tpm: null,
  routes: ['main'],
  ...over,
});

describe('migration 7', () => {
  it('brings a schema-6 file up with its rows kept; old rows have no key and no cache marker', () => {
    schema6File(tmp.file);
    const store = openStore(tmp.file, { now: () => NOON });
    expect(store.ledger.get('d-old')?.request).toMatchObject({ decisionId: 'd-old', costUsd: 0.5 });
    store.ledger.enqueue(request({ decisionId: 'd-new', keyName: 'alice', cache: 'hit', costUsd: 0 }), []);
    store.close();
    const db = new Database(tmp.file);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare('SELECT decision_id, key_name, cache FROM requests ORDER BY ts, decision_id').all()).toEqual([
      { decision_id: 'd-new', key_name: 'alice', cache: 'hit' },
      { decision_id: 'd-old', key_name: null, cache: null },
    ]);
    db.close();
  });
});

describe('virtual keys repo', () => {
  it('creates once per name, finds by hash, revokes and rotates', () => {
    const store = openStore(tmp.file);
    expect(store.keys.create(key())).toBe(true);
    expect(store.keys.create(key({ secretHash: 'h2' }))).toBe(false);
    expect(store.keys.findByHash('h1')).toEqual(key());
    expect(store.keys.rotate('alice', 'h3', 'wxyz', NOON + 1)).toBe(true);
    expect(store.keys.findByHash('h1')).toBeUndefined();
    expect(store.keys.findByHash('h3')).toMatchObject({ last4: 'wxyz', rotatedAt: NOON + 1, routes: ['main'] });
    expect(store.keys.revoke('alice', NOON + 2)).toBe(true);
    expect(store.keys.revoke('alice', NOON + 3)).toBe(false);
    expect(store.keys.get('alice')?.revokedAt).toBe(NOON + 2);
    store.close();
  });
});

describe('key spend and stats by key', () => {
  it('adds each keyed request to its day and month; stats --by key groups by key name', () => {
    const store = openStore(tmp.file);
    store.ledger.enqueue(request({ decisionId: 'a', keyName: 'alice', costUsd: 0.25 }), []);
    store.ledger.enqueue(request({ decisionId: 'b', keyName: 'alice', costUsd: 0.5, ts: NOON + DAY }), []);
    store.ledger.enqueue(request({ decisionId: 'c', keyName: 'bob', costUsd: 1, outcome: 'error', status: 502 }), []);
    store.ledger.enqueue(request({ decisionId: 'd', costUsd: 2 }), []);
    store.ledger.enqueue(request({ decisionId: 'e', keyName: 'alice', costUsd: 0, cache: 'hit' }), []);
    store.ledger.flush();
    expect(store.keySpend.spentUsd('alice', '2025-03-14')).toBeCloseTo(0.25, 9);
    expect(store.keySpend.spentUsd('alice', '2025-03-15')).toBeCloseTo(0.5, 9);
    expect(store.keySpend.spentUsd('alice', '2025-03')).toBeCloseTo(0.75, 9);
    expect(store.keySpend.spentUsd('bob', '2025-03')).toBeCloseTo(1, 9);
    expect(store.keySpend.spentUsd('carol', '2025-03')).toBe(0);

    const report = store.stats.report({ fromMs: NOON - HOUR, toMs: NOON + 2 * DAY, by: 'key', tzOffsetMinutes: 0 });
    expect(report.rows.map((r) => [r.key, r.requests, r.ok, r.errors, r.costUsd])).toEqual([
      ['alice', 3, 3, 0, 0.75],
      ['bob', 1, 0, 1, 1],
    ]);
    expect(report.totals.requests).toBe(4);
    store.close();
  });
});

describe('response cache repo', () => {
  const row = (n: number) => ({ route: 'main', target: 'a/b', createdAt: NOON + n, response: JSON.stringify({ n }) });

  it('answers only until expiry, keeps at most maxEntries (newest), and clears', () => {
    const store = openStore(tmp.file);
    const cache = store.responseCache;
    for (let n = 0; n < 5; n++) cache.put(`k${n}`, row(n), NOON + 1000 + n);
    expect(cache.get('k0', NOON)?.response).toBe('{"n":0}');
    expect(cache.get('k0', NOON + 1000)).toBeUndefined();
    expect(cache.size(NOON).entries).toBe(5);
    expect(cache.prune(NOON + 1001, 2)).toBe(3);
    expect([0, 1, 2, 3, 4].map((n) => cache.get(`k${n}`, NOON) !== undefined)).toEqual([false, false, false, true, true]);
    expect(cache.clear()).toBe(2);
    store.close();
  });
});
