// Conversions between the records the daemon speaks and the rows SQLite stores.
// SQLite has no booleans or undefined: stream is 0/1 and absent optionals are NULL.
import type { AttemptRecord, RequestRecord } from './types.js';

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

/** Named parameters (@decision_id, …) in column order, for INSERT … VALUES (…). */
export const namedParams = (columns: string): string =>
  columns
    .split(',')
    .map((c) => `@${c.trim()}`)
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

export function toRequestRow(r: RequestRecord): RequestRow {
  return {
    decision_id: r.decisionId,
    ts: r.ts,
    route: r.route,
    client_format: r.clientFormat,
    requested_model: r.requestedModel,
    stream: r.stream ? 1 : 0,
    target: r.target,
    status: r.status,
    outcome: r.outcome,
    error_class: r.errorClass ?? null,
    attempts: r.attempts,
    latency_ms: r.latencyMs,
    ttft_ms: r.ttftMs ?? null,
    tokens_in: r.tokensIn,
    tokens_out: r.tokensOut,
    tokens_cached: r.tokensCached,
    cost_usd: r.costUsd,
    trace: traceJson(r.trace),
  };
}

export function toAttemptRow(a: AttemptRecord): AttemptRow {
  return {
    decision_id: a.decisionId,
    seq: a.seq,
    ts: a.ts,
    target: a.target,
    provider: a.provider,
    model: a.model,
    outcome: a.outcome,
    error_class: a.errorClass ?? null,
    status: a.status ?? null,
    ttft_ms: a.ttftMs ?? null,
    latency_ms: a.latencyMs,
    tokens_in: a.tokensIn,
    tokens_out: a.tokensOut,
    tokens_cached: a.tokensCached,
    tokens_cache_write: a.tokensCacheWrite,
    cost_usd: a.costUsd,
  };
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
