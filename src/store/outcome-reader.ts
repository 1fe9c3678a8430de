// Read-only queries for `router experiment` and `router replay`, on the daemon's file (WAL, so the
// daemon keeps writing). A file older than schema 8 has no experiments and no facts: empty answers.
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { DEFAULT_BUSY_TIMEOUT_MS, openReadOnly } from './connection.js';
import type { LearnedModel } from '../engine/learned-score.js';
import { LearnedModels } from './learned-repo.js';
import { schemaVersion } from './migrations.js';

export interface ArmRequestRow {
  arm: string;
  outcome: string;
  latencyMs: number;
  costUsd: number;
  /** 'good' | 'bad' when the decision was rated. */
  rating: string | null;
}

export interface ExperimentSeen {
  id: string;
  requests: number;
  firstTs: number;
  lastTs: number;
  routes: string;
}

export interface ReplayRow {
  decisionId: string;
  ts: number;
  route: string | null;
  /** The first target the recorded plan chose, or null when it planned none. */
  planned: string | null;
  outcome: string;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costUsd: number;
  facts: string;
}

export interface OutcomeReader {
  experimentRows(id: string): ArmRequestRow[];
  experimentsSeen(): ExperimentSeen[];
  /** Rows with stored facts since sinceMs (optionally of one route), oldest first, read one by one. */
  replayRows(sinceMs: number, route?: string): IterableIterator<ReplayRow>;
  replayCount(sinceMs: number, route?: string): number;
  /** Mean latency of answered requests per target since sinceMs: what replay charges a target with. */
  measuredLatency(sinceMs: number): Map<string, number>;
  /** The newest learned difficulty model (`router learn`), which the daemon plans with. */
  learnedModel(): LearnedModel | undefined;
  close(): void;
}

const LEARNING_SCHEMA = 8;

export function openOutcomeReader(file: string): OutcomeReader {
  const db: Database.Database | null = existsSync(file) ? openReadOnly(file, DEFAULT_BUSY_TIMEOUT_MS) : null;
  if (!db || schemaVersion(db) < LEARNING_SCHEMA) {
    return {
      experimentRows: () => [],
      experimentsSeen: () => [],
      replayRows: () => [][Symbol.iterator](),
      replayCount: () => 0,
      measuredLatency: () => new Map(),
      learnedModel: () => undefined,
      close: () => db?.close(),
    };
  }
  const routeFilter = (route?: string) => (route === undefined ? '' : route === '(none)' ? ' AND route IS NULL' : ' AND route = @route');
  const replaySelect = (route?: string) =>
    `SELECT decision_id AS decisionId, ts, route, json_extract(trace, '$.plannedOrder[0]') AS planned, outcome,
       latency_ms AS latencyMs, tokens_in AS tokensIn, tokens_out AS tokensOut, tokens_cached AS tokensCached,
       cost_usd AS costUsd, facts
     FROM requests WHERE ts >= @since AND facts IS NOT NULL${routeFilter(route)} ORDER BY ts, rowid`;
  return {
    experimentRows: (id) =>
      db
        .prepare<[string], ArmRequestRow>(
          `SELECT q.arm AS arm, q.outcome AS outcome, q.latency_ms AS latencyMs, q.cost_usd AS costUsd, r.rating AS rating
           FROM requests q LEFT JOIN ratings r ON r.decision_id = q.decision_id
           WHERE q.experiment = ? AND q.arm IS NOT NULL`,
        )
        .all(id),
    experimentsSeen: () =>
      db
        .prepare<[], ExperimentSeen>(
          `SELECT experiment AS id, COUNT(*) AS requests, MIN(ts) AS firstTs, MAX(ts) AS lastTs, GROUP_CONCAT(DISTINCT route) AS routes
           FROM requests WHERE experiment IS NOT NULL GROUP BY experiment ORDER BY experiment`,
        )
        .all(),
    replayRows: (sinceMs, route) =>
      db.prepare<[{ since: number; route?: string }], ReplayRow>(replaySelect(route)).iterate(params(sinceMs, route)),
    replayCount: (sinceMs, route) =>
      (
        db
          .prepare<[{ since: number; route?: string }], { n: number }>(
            `SELECT COUNT(*) AS n FROM requests WHERE ts >= @since AND facts IS NOT NULL${routeFilter(route)}`,
          )
          .get(params(sinceMs, route)) ?? { n: 0 }
      ).n,
    measuredLatency: (sinceMs) => {
      const rows = db
        .prepare<[number], { target: string; ms: number }>(
          `SELECT target, AVG(latency_ms) AS ms FROM requests WHERE ts >= ? AND outcome = 'ok' AND target IS NOT NULL GROUP BY target`,
        )
        .all(sinceMs);
      return new Map(rows.map((r) => [r.target, r.ms]));
    },
    learnedModel: () => new LearnedModels(db).latest()?.model,
    close: () => db.close(),
  };
}

function params(since: number, route?: string): { since: number; route?: string } {
  return route === undefined || route === '(none)' ? { since } : { since, route };
}
