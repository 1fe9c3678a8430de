// Shared builders for store tests: real records with every field set, overridable per case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { attemptColumns, attemptValues, placeholders, requestColumns, requestValues } from '../../src/store/rows.js';
import type { AttemptRecord, RequestRecord } from '../../src/store/types.js';

/** 2025-03-14T12:00:00.000Z */
export const NOON = Date.UTC(2025, 2, 14, 12);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function tempDbFile(): { dir: string; file: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-router-store-'));
  return { dir, file: path.join(dir, 'router.db'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function request(over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    decisionId: 'd-1',
    ts: NOON,
    route: 'default',
    clientFormat: 'openai',
    requestedModel: 'auto',
    stream: true,
    target: 'openai/gpt-4o-mini',
    status: 200,
    outcome: 'ok',
    attempts: 1,
    latencyMs: 812,
    ttftMs: 240,
    tokensIn: 1200,
    tokensOut: 300,
    tokensCached: 1024,
    costUsd: 0.00036,
    trace: { candidates: ['openai/gpt-4o-mini'], dropped: [] },
    ...over,
  };
}

export function attempt(over: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    decisionId: 'd-1',
    seq: 1,
    ts: NOON + 5,
    target: 'openai/gpt-4o-mini',
    provider: 'openai',
    model: 'gpt-4o-mini',
    outcome: 'ok',
    status: 200,
    ttftMs: 230,
    latencyMs: 800,
    tokensIn: 1200,
    tokensOut: 300,
    tokensCached: 1024,
    tokensCacheWrite: 0,
    costUsd: 0.00036,
    ...over,
  };
}

/** Writes a request the way releases before schema 4 did: attempts_json NULL, attempts in their own table. */
export function writeLegacy(file: string, req: RequestRecord, attempts: AttemptRecord[]): void {
  const db = new Database(file);
  try {
    db.prepare(`INSERT INTO requests (${requestColumns}) VALUES (${placeholders(requestColumns)})`).run(requestValues(req));
    const insert = db.prepare(`INSERT INTO attempts (${attemptColumns}) VALUES (${placeholders(attemptColumns)})`);
    for (const a of attempts) insert.run(attemptValues(a));
  } finally {
    db.close();
  }
}
