// Conversions between the records the daemon speaks and the rows SQLite stores, and the column
// lists that go with them. SQLite has no booleans or undefined: stream is 0/1 and absent optionals are NULL.
import type Database from 'better-sqlite3';
import type { AttemptRecord, LedgerEntry, RequestRecord } from './types.js';

export interface RequestRow {
  decision_id: string;
  ts: number;
  route: string | null;
  client_format: string;
  requested_model: string;
  stream: number;
  target: string | null;
  status: number;
  outcome: string;
  error_class: string | null;
  attempts: number;
  latency_ms: number;
  ttft_ms: number | null;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  cost_usd: number;
  trace: string | null;
  /** The request's attempts (schema 4); NULL in rows older releases wrote, whose attempts have their own table. */
  attempts_json: string | null;
}

export interface AttemptRow {
  decision_id: string;
  seq: number;
  ts: number;
  target: string;
  provider: string;
  model: string;
  outcome: string;
  error_class: string | null;
  status: number | null;
  ttft_ms: number | null;
  latency_ms: number;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  tokens_cache_write: number;
  cost_usd: number;
}

export const requestColumns =
  'decision_id, ts, route, client_format, requested_model, stream, target, status, outcome, error_class, ' +
  'attempts, latency_ms, ttft_ms, tokens_in, tokens_out, tokens_cached, cost_usd, trace';

export const attemptColumns =
  'decision_id, seq, ts, target, provider, model, outcome, error_class, status, ttft_ms, latency_ms, ' +
  'tokens_in, tokens_out, tokens_cached, tokens_cache_write, cost_usd';

/** What a request insert writes: its columns, then its attempts, its key and cache marker (schema 7), the captured prompt (schema 10), its experiment arm and planning facts (schema 8). */
export const requestWriteColumns = `${requestColumns}, attempts_json, key_name, cache, prompt, prompt_chars, experiment, arm, facts`;

/** The columns a request query selects: attempts_json is NULL in a file an older release wrote (schema < 4). */
export function requestReadColumns(db: Database.Database): string {
  const found = db.prepare("SELECT 1 FROM pragma_table_info('requests') WHERE name = 'attempts_json'").get();
  return `${requestColumns}, ${found === undefined ? 'NULL AS attempts_json' : 'attempts_json'}`;
}

/** Attempts of a request an older release wrote, from their own table. */
export function legacyAttempts(db: Database.Database): (decisionId: string) => AttemptRow[] {
  const q = db.prepare<[string], AttemptRow>(`SELECT ${attemptColumns} FROM attempts WHERE decision_id = ? ORDER BY seq`);
  return (decisionId) => q.all(decisionId);
}

/** One `?` per column, for INSERT … VALUES (…): positional binding is a third cheaper than named. */
export const placeholders = (columns: string): string =>
  columns
    .split(',')
    .map(() => '?')
    .join(', ');

// A trace that cannot be serialised (a cycle, a BigInt) must not cost us the whole ledger row.
function traceJson(trace: unknown): string | null {
  if (trace === undefined) return null;
  try {
    return JSON.stringify(trace) ?? null;
  } catch (err) {
    return JSON.stringify({ unserialisableTrace: err instanceof Error ? err.message : String(err) });
  }
}

/** experiment, arm and facts column values (schema 8). */
export function learningValues(r: RequestRecord): unknown[] {
  return [r.experiment ?? null, r.arm ?? null, r.facts === undefined ? null : traceJson(r.facts)];
}

/** Column values in `requestColumns` order. */
export function requestValues(r: RequestRecord): unknown[] {
  return [
    r.decisionId,
    r.ts,
    r.route,
    r.clientFormat,
    r.requestedModel,
    r.stream ? 1 : 0,
    r.target,
    r.status,
    r.outcome,
    r.errorClass ?? null,
    r.attempts,
    r.latencyMs,
    r.ttftMs ?? null,
    r.tokensIn,
    r.tokensOut,
    r.tokensCached,
    r.costUsd,
    traceJson(r.trace),
  ];
}

/** Column values in `attemptColumns` order. */
export function attemptValues(a: AttemptRecord): unknown[] {
  return [
    a.decisionId,
    a.seq,
    a.ts,
    a.target,
    a.provider,
    a.model,
    a.outcome,
    a.errorClass ?? null,
    a.status ?? null,
    a.ttftMs ?? null,
    a.latencyMs,
    a.tokensIn,
    a.tokensOut,
    a.tokensCached,
    a.tokensCacheWrite,
    a.costUsd,
  ];
}

// Attempts go inside their request's row as arrays of their `attemptColumns` values, less the
// decision id the row already has: compact, and written by the request's own insert.
const attemptFields = attemptColumns.split(', ') as Array<keyof AttemptRow>;

export function attemptsJson(attempts: readonly AttemptRecord[]): string {
  return JSON.stringify(attempts.map((a) => attemptValues(a).slice(1)));
}

function attemptsFromJson(decisionId: string, json: string): AttemptRecord[] {
  const attempts = (JSON.parse(json) as unknown[][]).map((values) => {
    const row: Record<string, unknown> = { decision_id: decisionId };
    values.forEach((v, i) => (row[attemptFields[i + 1] as string] = v));
    return fromAttemptRow(row as unknown as AttemptRow);
  });
  return attempts.sort((a, b) => a.seq - b.seq);
}

/** A request row with its attempts: inline, or for older rows from the attempts table. */
export function entryFromRow(row: RequestRow, tableAttempts: (decisionId: string) => AttemptRow[]): LedgerEntry {
  const attempts =
    row.attempts_json === null ? tableAttempts(row.decision_id).map(fromAttemptRow) : attemptsFromJson(row.decision_id, row.attempts_json);
  return { request: fromRequestRow(row), attempts };
}

export function fromRequestRow(row: RequestRow): RequestRecord {
  const record: RequestRecord = {
    decisionId: row.decision_id,
    ts: row.ts,
    route: row.route,
    clientFormat: row.client_format as RequestRecord['clientFormat'],
    requestedModel: row.requested_model,
    stream: row.stream !== 0,
    target: row.target,
    status: row.status,
    outcome: row.outcome as RequestRecord['outcome'],
    attempts: row.attempts,
    latencyMs: row.latency_ms,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    tokensCached: row.tokens_cached,
    costUsd: row.cost_usd,
  };
  if (row.error_class !== null) record.errorClass = row.error_class;
  if (row.ttft_ms !== null) record.ttftMs = row.ttft_ms;
  if (row.trace !== null) record.trace = JSON.parse(row.trace) as unknown;
  return record;
}

export function fromAttemptRow(row: AttemptRow): AttemptRecord {
  const record: AttemptRecord = {
    decisionId: row.decision_id,
    seq: row.seq,
    ts: row.ts,
    target: row.target,
    provider: row.provider,
    model: row.model,
    outcome: row.outcome as AttemptRecord['outcome'],
    latencyMs: row.latency_ms,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    tokensCached: row.tokens_cached,
    tokensCacheWrite: row.tokens_cache_write,
    costUsd: row.cost_usd,
  };
  if (row.error_class !== null) record.errorClass = row.error_class;
  if (row.status !== null) record.status = row.status;
  if (row.ttft_ms !== null) record.ttftMs = row.ttft_ms;
  return record;
}
