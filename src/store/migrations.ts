// Numbered, append-only schema migrations. Never edit a shipped migration: add the next number.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Money in rollups is integer nano-USD so sums are exact (0.1 + 0.2 is 0.3, not 0.30000000000000004);
// raw rows keep the REAL the caller gave. Rollups (spend_daily, requests_hourly) survive prune, so
// `router stats --days 30` over millions of requests reads at most 720 hourly rows per route/target.
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger, rollups, state, ratings',
    sql: `
      CREATE TABLE requests (
        decision_id     TEXT    NOT NULL,
        ts              INTEGER NOT NULL,
        route           TEXT,
        client_format   TEXT    NOT NULL,
        requested_model TEXT    NOT NULL,
        stream          INTEGER NOT NULL,
        target          TEXT,
        status          INTEGER NOT NULL,
        outcome         TEXT    NOT NULL,
        error_class     TEXT,
        attempts        INTEGER NOT NULL,
        latency_ms      REAL    NOT NULL,
        ttft_ms         REAL,
        tokens_in       INTEGER NOT NULL,
        tokens_out      INTEGER NOT NULL,
        tokens_cached   INTEGER NOT NULL,
        cost_usd        REAL    NOT NULL,
        trace           TEXT
      );
      CREATE UNIQUE INDEX requests_decision_id ON requests (decision_id);
      CREATE INDEX requests_ts ON requests (ts);

      CREATE TABLE attempts (
        decision_id        TEXT    NOT NULL,
        seq                INTEGER NOT NULL,
        ts                 INTEGER NOT NULL,
        target             TEXT    NOT NULL,
        provider           TEXT    NOT NULL,
        model              TEXT    NOT NULL,
        outcome            TEXT    NOT NULL,
        error_class        TEXT,
        status             INTEGER,
        ttft_ms            REAL,
        latency_ms         REAL    NOT NULL,
        tokens_in          INTEGER NOT NULL,
        tokens_out         INTEGER NOT NULL,
        tokens_cached      INTEGER NOT NULL,
        tokens_cache_write INTEGER NOT NULL,
        cost_usd           REAL    NOT NULL
      );
      CREATE UNIQUE INDEX attempts_decision_seq ON attempts (decision_id, seq);
      CREATE INDEX attempts_ts ON attempts (ts);
      CREATE INDEX attempts_provider_ts ON attempts (provider, ts);

      CREATE TABLE spend_daily (
        provider   TEXT    NOT NULL,
        day        TEXT    NOT NULL,
        cost_nusd  INTEGER NOT NULL,
        attempts   INTEGER NOT NULL,
        failed     INTEGER NOT NULL,
        tokens_in  INTEGER NOT NULL,
        tokens_out INTEGER NOT NULL,
        PRIMARY KEY (provider, day)
      ) WITHOUT ROWID;

      CREATE TABLE requests_hourly (
        hour           INTEGER NOT NULL,
        route          TEXT    NOT NULL,
        target         TEXT    NOT NULL,
        requests       INTEGER NOT NULL,
        ok             INTEGER NOT NULL,
        errors         INTEGER NOT NULL,
        aborted        INTEGER NOT NULL,
        attempts       INTEGER NOT NULL,
        latency_ms_sum REAL    NOT NULL,
        ttft_ms_sum    REAL    NOT NULL,
        ttft_count     INTEGER NOT NULL,
        tokens_in      INTEGER NOT NULL,
        tokens_out     INTEGER NOT NULL,
        tokens_cached  INTEGER NOT NULL,
        cost_nusd      INTEGER NOT NULL,
        PRIMARY KEY (hour, route, target)
      ) WITHOUT ROWID;

      CREATE TABLE state (
        key        TEXT    NOT NULL PRIMARY KEY,
        value      TEXT    NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE ratings (
        decision_id TEXT    NOT NULL PRIMARY KEY,
        ts          INTEGER NOT NULL,
        rating      TEXT    NOT NULL,
        comment     TEXT
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'stats histograms, failover drift, ratings per target',
    // Percentiles for `router stats` come from log-scale histograms per hour/route/target/metric,
    // one row each with its buckets as JSON [bucket, count, ...] (see stats-rollups.ts): a 30-day
    // report reads a few thousand rows, never the raw ones (one row per bucket was 14x more). A rating keeps its
    // target so it outlives the pruned request it was about.
    sql: `
      CREATE TABLE histogram_hourly (
        hour    INTEGER NOT NULL,
        route   TEXT    NOT NULL,
        target  TEXT    NOT NULL,
        metric  TEXT    NOT NULL,
        buckets TEXT    NOT NULL,
        PRIMARY KEY (hour, route, target, metric)
      ) WITHOUT ROWID;

      CREATE TABLE drift_hourly (
        hour     INTEGER NOT NULL,
        route    TEXT    NOT NULL,
        planned  TEXT    NOT NULL,
        actual   TEXT    NOT NULL,
        cause    TEXT    NOT NULL,
        requests INTEGER NOT NULL,
        PRIMARY KEY (hour, route, planned, actual, cause)
      ) WITHOUT ROWID;

      ALTER TABLE ratings ADD COLUMN target TEXT;
      UPDATE ratings SET target = (SELECT target FROM requests WHERE requests.decision_id = ratings.decision_id);
      CREATE INDEX ratings_target ON ratings (target);
    `,
  },
  {
    version: 3,
    name: 'drop the unused attempts (provider, ts) index',
    // Budgets read spend_daily and stats read the hourly rollups; no query ever searched attempts by
    // provider, and the index cost a B-tree insert on every attempt written.
    sql: 'DROP INDEX IF EXISTS attempts_provider_ts;',
  },
  {
    version: 4,
    name: 'attempts stored in their request row',
    // One insert per request instead of one more per attempt: attempts are only ever read with their
    // request. The attempts table keeps the rows older releases wrote and is still read for them.
    sql: 'ALTER TABLE requests ADD COLUMN attempts_json TEXT;',
  },
  {
    version: 5,
    name: 'Responses API conversations',
    // `previous_response_id` on translated upstreams (config responses.store): the items of each
    // finished response, read back by id. Bounded by a TTL and a row count, pruned on a timer.
    sql: `
      CREATE TABLE conversations (
        response_id TEXT    NOT NULL PRIMARY KEY,
        ts          INTEGER NOT NULL,
        items       TEXT    NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX conversations_ts ON conversations (ts);
    `,
  },
  {
    version: 6,
    name: 'learned difficulty models, versioned',
    // Each `router learn` adds a row; the planner uses the newest. Weights are one Float32 blob,
    // the heads' 2^bits weights one after the other, biases a JSON array; meta is what status shows (data, models, quality, threshold, measured share).
    sql: `
      CREATE TABLE learned_models (
        version    INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        format     INTEGER NOT NULL,
        bits       INTEGER NOT NULL,
        biases     TEXT    NOT NULL,
        threshold  REAL    NOT NULL,
        weights    BLOB    NOT NULL,
        meta       TEXT    NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'virtual keys, their spend and stats, the exact response cache',
    // Keys keep only a hash of the secret. key_spend holds each key's cost per UTC day and month (what
    // its budget is checked against after a restart); requests_hourly_key is `router stats --by key`.
    // Cache rows expire by expires_at (indexed, pruned) and are capped by count, oldest first.
    sql: `
      CREATE TABLE virtual_keys (
        name          TEXT    NOT NULL PRIMARY KEY,
        secret_hash   TEXT    NOT NULL UNIQUE,
        last4         TEXT    NOT NULL,
        created_at    INTEGER NOT NULL,
        rotated_at    INTEGER,
        revoked_at    INTEGER,
        budget_usd    REAL,
        budget_period TEXT    NOT NULL DEFAULT 'daily',
        rpm           INTEGER,
        tpm           INTEGER,
        routes        TEXT
      );

      CREATE TABLE key_spend (
        key_name  TEXT    NOT NULL,
        period    TEXT    NOT NULL,
        cost_nusd INTEGER NOT NULL,
        requests  INTEGER NOT NULL,
        PRIMARY KEY (key_name, period)
      ) WITHOUT ROWID;

      CREATE TABLE requests_hourly_key (
        hour           INTEGER NOT NULL,
        key_name       TEXT    NOT NULL,
        route          TEXT    NOT NULL,
        target         TEXT    NOT NULL,
        requests       INTEGER NOT NULL,
        ok             INTEGER NOT NULL,
        errors         INTEGER NOT NULL,
        aborted        INTEGER NOT NULL,
        latency_ms_sum INTEGER NOT NULL,
        tokens_in      INTEGER NOT NULL,
        tokens_out     INTEGER NOT NULL,
        tokens_cached  INTEGER NOT NULL,
        cost_nusd      INTEGER NOT NULL,
        cache_hits     INTEGER NOT NULL,
        PRIMARY KEY (hour, key_name, route, target)
      ) WITHOUT ROWID;

      CREATE TABLE response_cache (
        cache_key  TEXT    NOT NULL PRIMARY KEY,
        route      TEXT    NOT NULL,
        target     TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        response   TEXT    NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX response_cache_expires ON response_cache (expires_at);
      CREATE INDEX response_cache_created ON response_cache (created_at);

      ALTER TABLE requests ADD COLUMN key_name TEXT;
      ALTER TABLE requests ADD COLUMN cache TEXT;
    `,
  },
  {
    version: 8,
    name: 'experiment arms and planning facts in the ledger, bandit posteriors',
    // experiment/arm: `router experiment report` reads an experiment's rows through the partial index
    // (rows outside experiments cost it nothing). facts: what plan() decided from (versioned JSON),
    // re-planned by `router replay`. bandit_arms: discounted Beta posteriors per scope and target.
    sql: `
      ALTER TABLE requests ADD COLUMN experiment TEXT;
      ALTER TABLE requests ADD COLUMN arm TEXT;
      ALTER TABLE requests ADD COLUMN facts TEXT;
      CREATE INDEX requests_experiment ON requests (experiment, ts) WHERE experiment IS NOT NULL;
      CREATE TABLE bandit_arms (
        scope      TEXT    NOT NULL,
        target     TEXT    NOT NULL,
        s          REAL    NOT NULL,
        f          REAL    NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (scope, target)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    name: 'captured prompts (ledger.capturePrompts), learned model calibration',
    // prompt: the redacted last user message, NULL unless ledger.capturePrompts; pruned with its row.
    // prompt_chars: its length before redaction and truncation (the model ranks the real length).
    // calibration: JSON of how the heads become the score and the thresholds per quality (format 3).
    sql: `
      ALTER TABLE requests ADD COLUMN prompt TEXT;
      ALTER TABLE requests ADD COLUMN prompt_chars INTEGER;
      ALTER TABLE learned_models ADD COLUMN calibration TEXT;
    `,
  },
];

export const latestVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * The oldest schema the read-only views can query: the CLI may read a file the daemon of an older
 * release wrote. Raise it when a migration adds a table or column the views read and cannot do
 * without (they read attempts_json of schema 4 only where it exists).
 */
export const readableVersion = 2;

export class SchemaTooNewError extends Error {
  constructor(file: string, found: number) {
    super(
      `${file} has schema version ${found}, but this llm-router knows only up to ${latestVersion}; ` +
        'it was written by a newer version. Upgrade llm-router or point ROUTER_HOME elsewhere.',
    );
    this.name = 'SchemaTooNewError';
  }
}

const hasMigrationsTable = (db: Database.Database): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;

/** Highest applied migration; 0 for a new or foreign file. Read-only safe. */
export function schemaVersion(db: Database.Database): number {
  if (!hasMigrationsTable(db)) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the file up to latestVersion. Each migration runs in its own IMMEDIATE transaction and
 * re-checks whether it is applied inside it, so two processes opening the same new file at once
 * both succeed and each migration runs exactly once.
 */
export function migrate(db: Database.Database, file: string, now: () => number): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const found = schemaVersion(db);
  if (found > latestVersion) throw new SchemaTooNewError(file, found);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= found) continue;
    const apply = db.transaction(() => {
      if (isApplied.get(m.version) !== undefined) return;
      db.exec(m.sql);
      record.run(m.version, m.name, now());
    });
    apply.immediate();
  }
  return schemaVersion(db);
}
