import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadOnly, openWritable } from '../../src/store/connection.js';
import { latestVersion, migrate, migrations, SchemaTooNewError, schemaVersion } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/store.js';
import { request, tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
beforeEach(() => {
  tmp = tempDbFile();
});
afterEach(() => tmp.cleanup());

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('numbers migrations in ascending order, each once (gaps allowed: branches take numbers in parallel)', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(latestVersion).toBe(Math.max(...versions));
  });

  it('creates every table and records each version on a new file', () => {
    const db = openWritable(tmp.file, 5000, () => 1_700_000_000_000);
    expect(tables(db)).toEqual([
      'attempts',
      'bandit_arms',
      'conversations',
      'drift_hourly',
      'histogram_hourly',
      'key_spend',
      'learned_models',
      'ratings',
      'requests',
      'requests_hourly',
      'requests_hourly_key',
      'response_cache',
      'schema_migrations',
      'spend_daily',
      'state',
      'virtual_keys',
    ]);
    expect(db.prepare('SELECT version, name, applied_at FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'ledger, rollups, state, ratings', applied_at: 1_700_000_000_000 },
      { version: 2, name: 'stats histograms, failover drift, ratings per target', applied_at: 1_700_000_000_000 },
      { version: 3, name: 'drop the unused attempts (provider, ts) index', applied_at: 1_700_000_000_000 },
      { version: 4, name: 'attempts stored in their request row', applied_at: 1_700_000_000_000 },
      { version: 5, name: 'Responses API conversations', applied_at: 1_700_000_000_000 },
      { version: 6, name: 'learned difficulty models, versioned', applied_at: 1_700_000_000_000 },
      { version: 7, name: 'virtual keys, their spend and stats, the exact response cache', applied_at: 1_700_000_000_000 },
      { version: 8, name: 'experiment arms and planning facts in the ledger, bandit posteriors', applied_at: 1_700_000_000_000 },
      { version: 10, name: 'captured prompts (ledger.capturePrompts), learned model calibration', applied_at: 1_700_000_000_000 },
    ]);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL ORDER BY name")
      .all();
    expect(indexes).toEqual([{ name: 'attempts_decision_seq' }, { name: 'attempts_ts' }]);
    db.close();
  });

  it.each([
    ['journal_mode', 'wal'],
    ['synchronous', 1],
    ['busy_timeout', 1234],
  ])('sets %s on the writable connection', (pragma, expected) => {
    const db = openWritable(tmp.file, 1234, Date.now);
    expect(db.pragma(pragma, { simple: true })).toBe(expected);
    db.close();
  });

  it('reopens an existing file without re-running migrations and keeps its rows', () => {
    const first = openStore(tmp.file, { now: () => 1 });
    first.ledger.enqueue(request(), []);
    first.close();

    const second = openStore(tmp.file, { now: () => 2 });
    expect(second.ledger.get('d-1')?.request.decisionId).toBe('d-1');
    second.close();

    const db = new Database(tmp.file);
    expect(db.prepare('SELECT version, applied_at FROM schema_migrations').all()).toEqual([
      { version: 1, applied_at: 1 },
      { version: 2, applied_at: 1 },
      { version: 3, applied_at: 1 },
      { version: 4, applied_at: 1 },
      { version: 5, applied_at: 1 },
      { version: 6, applied_at: 1 },
      { version: 7, applied_at: 1 },
      { version: 8, applied_at: 1 },
      { version: 10, applied_at: 1 },
    ]);
    db.close();
  });

  it('lets two writers open the same new file (the second finds it migrated)', () => {
    const a = openStore(tmp.file);
    const b = openStore(tmp.file);
    b.ledger.enqueue(request({ decisionId: 'from-b' }), []);
    b.ledger.flush();
    expect(a.ledger.get('from-b')?.request.decisionId).toBe('from-b');
    a.close();
    b.close();
  });

  it('migrate() is idempotent on an already migrated connection', () => {
    const db = openWritable(tmp.file, 5000, Date.now);
    expect(migrate(db, tmp.file, Date.now)).toBe(latestVersion);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
    db.close();
  });

  it('refuses a file written by a newer schema, naming both versions', () => {
    const db = openWritable(tmp.file, 5000, Date.now);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)").run(latestVersion + 1);
    db.close();
    expect(() => openStore(tmp.file)).toThrow(SchemaTooNewError);
    expect(() => openStore(tmp.file)).toThrow(`schema version ${latestVersion + 1}, but this llm-router knows only up to ${latestVersion}`);
  });

  it('reports version 0 for a file with no schema, read-only', () => {
    new Database(tmp.file).close();
    const db = openReadOnly(tmp.file, 0);
    expect(schemaVersion(db)).toBe(0);
    db.close();
  });

  it('works on :memory: for in-process tests', () => {
    const store = openStore(':memory:');
    store.ledger.enqueue(request(), []);
    expect(store.ledger.recent(5).map((r) => r.decisionId)).toEqual(['d-1']);
    store.close();
  });
});

describe('migration 10 (captured prompts, model calibration)', () => {
  it('upgrades a schema-6 file: old rows and the old model stay readable, new columns are written', () => {
    // A file as the release with schema 6 left it: migrations up to 6 only, a request and a model in it.
    const old = new Database(tmp.file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of migrations.filter((m) => m.version <= 6)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    old
      .prepare('INSERT INTO learned_models (created_at, format, bits, biases, threshold, weights, meta) VALUES (1, 2, 2, ?, 0.3, ?, ?)')
      .run('[0.5]', Buffer.from(new Float32Array([1, 2, 3, 4]).buffer), '{"items":4}');
    old.close();
    const seeded = openStore(tmp.file, { now: () => 5 });
    seeded.close();

    const db = new Database(tmp.file, { readonly: true });
    expect(schemaVersion(db)).toBe(latestVersion);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('requests')").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['prompt', 'prompt_chars']));
    db.close();

    const store = openStore(tmp.file);
    try {
      const model = store.learned.latest()!;
      expect(model.model).toMatchObject({ version: 2, threshold: 0.3 });
      expect(model.model.calibration).toBeUndefined();
      store.ledger.enqueue(request({ decisionId: 'kept', prompt: 'mail [email]', promptChars: 20 }), []);
      store.ledger.enqueue(request({ decisionId: 'plain' }), []);
      expect(store.captured(0, 10).map((x) => [x.decisionId, x.prompt, x.chars])).toEqual([['kept', 'mail [email]', 20]]);
      expect(store.ledger.get('plain')?.request.decisionId).toBe('plain');
    } finally {
      store.close();
    }
  });
});
