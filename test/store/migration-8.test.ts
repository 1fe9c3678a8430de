// Migration 8 (experiment arm, planning facts, bandit posteriors) on files an older release wrote:
// schema 6 (the previous release) and schema 7 (virtual keys and the cache).
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, migrations, schemaVersion } from '../../src/store/migrations.js';
import { openOutcomeReader } from '../../src/store/outcome-reader.js';
import { openStore } from '../../src/store/store.js';
import { request, tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
beforeEach(() => {
  tmp = tempDbFile();
});
afterEach(() => tmp.cleanup());

/** A file as an earlier build left it: migrations up to 6 (the previous release) or 7, one request row in the old columns. */
function oldFile(upTo: 6 | 7): void {
  const db = new Database(tmp.file);
  // One transaction, no fsync: the set-up is not what is tested.
  db.pragma('synchronous = OFF');
  db.exec('BEGIN');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const m of migrations.filter((m) => m.version <= upTo)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 1);
  }
  db.prepare(
    `INSERT INTO requests (decision_id, ts, route, client_format, requested_model, stream, target, status, outcome, attempts,
      latency_ms, tokens_in, tokens_out, tokens_cached, cost_usd, trace, attempts_json)
     VALUES ('d-old', 1000, 'main', 'openai', 'auto', 0, 'a/x', 200, 'ok', 1, 120, 10, 5, 0, 0.01, '{"plannedOrder":["a/x"]}', '[]')`,
  ).run();
  db.exec('COMMIT');
  db.close();
}

describe.each([6, 7] as const)('migration 8 from schema %i', (from) => {
  it('adds the columns and the bandit table, keeps old rows readable, and writes the new fields', () => {
    oldFile(from);
    const store = openStore(tmp.file, { now: () => 5 });
    expect(store.ledger.get('d-old')?.request.latencyMs).toBe(120);
    store.ledger.enqueue(
      request({ decisionId: 'd-new', ts: 2000, route: 'main', experiment: 'exp1', arm: 'b', facts: { v: 1, facts: {}, tz: 0, state: {} } }),
      [],
    );
    store.ledger.flush();
    store.bandit.save([{ scope: 'main', target: 'a/x', arm: { s: 2.5, f: 0.5 } }], 10);
    expect(store.bandit.load()).toEqual({ main: { 'a/x': { s: 2.5, f: 0.5 } } });
    store.close();

    const db = new Database(tmp.file, { readonly: true });
    expect(schemaVersion(db)).toBe(latestVersion);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('requests')").all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['experiment', 'arm', 'facts', ...(from === 7 ? ['key_name'] : [])]));
    expect(db.prepare("SELECT experiment, arm, facts FROM requests WHERE decision_id = 'd-old'").get()).toEqual({
      experiment: null,
      arm: null,
      facts: null,
    });
    expect(db.prepare("SELECT experiment, arm FROM requests WHERE decision_id = 'd-new'").get()).toEqual({ experiment: 'exp1', arm: 'b' });
    // The report's query uses the partial index, not a scan of every request.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT arm FROM requests WHERE experiment = 'exp1' AND arm IS NOT NULL").all() as Array<{
      detail: string;
    }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/requests_experiment/);
    db.close();

    const reader = openOutcomeReader(tmp.file);
    expect(reader.experimentsSeen().map((e) => [e.id, e.requests])).toEqual([['exp1', 1]]);
    expect(reader.replayCount(0)).toBe(1);
    reader.close();
  });
});

it('an unmigrated schema 6 file reads as empty for experiments and replay (the CLI never migrates)', () => {
  oldFile(6);
  const reader = openOutcomeReader(tmp.file);
  expect(reader.experimentsSeen()).toEqual([]);
  expect([...reader.replayRows(0)]).toEqual([]);
  reader.close();
});
