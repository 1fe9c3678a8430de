// Every query a stats or budget check runs must be an index search, never a table scan.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWritable } from '../../src/store/connection.js';
import { tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
let db: Database.Database;
beforeAll(() => {
  tmp = tempDbFile();
  db = openWritable(tmp.file, 5000, Date.now);
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

const plan = (sql: string): string =>
  (
    db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(
      ...sql
        .split('?')
        .slice(1)
        .map(() => null),
    ) as { detail: string }[]
  )
    .map((r) => r.detail)
    .join(' | ');

describe('query plans', () => {
  it.each([
    ['ledger.get', 'SELECT * FROM requests WHERE decision_id = ?', 'SEARCH requests USING INDEX requests_decision_id (decision_id=?)'],
    [
      'attempts of a decision',
      'SELECT * FROM attempts WHERE decision_id = ? ORDER BY seq',
      'SEARCH attempts USING INDEX attempts_decision_seq (decision_id=?)',
    ],
    ['ledger.last / recent', 'SELECT * FROM requests ORDER BY ts DESC LIMIT 5', 'SCAN requests USING INDEX requests_ts'],
    ['requests since', 'SELECT COUNT(*) FROM requests WHERE ts >= ?', 'SEARCH requests USING COVERING INDEX requests_ts (ts>?)'],
    ['attempts since', 'SELECT COUNT(*) FROM attempts WHERE ts >= ?', 'SEARCH attempts USING COVERING INDEX attempts_ts (ts>?)'],
    [
      'spend.day / range',
      'SELECT SUM(cost_nusd) FROM spend_daily WHERE provider = ? AND day BETWEEN ? AND ?',
      'SEARCH spend_daily USING PRIMARY KEY (provider=? AND day>? AND day<?)',
    ],
    [
      'stats over hours',
      'SELECT SUM(requests) FROM requests_hourly WHERE hour >= ? GROUP BY route',
      'SEARCH requests_hourly USING PRIMARY KEY (hour>?)',
    ],
    [
      'events.history page',
      'SELECT rowid, ts FROM requests WHERE ts >= ? AND (ts, rowid) > (?, ?) ORDER BY ts, rowid LIMIT ?',
      'SEARCH requests USING COVERING INDEX requests_ts (ts>?)',
    ],
    ['prune', 'DELETE FROM requests WHERE ts < ?', 'SEARCH requests USING INDEX requests_ts (ts<?)'],
  ])('%s', (_name, sql, expected) => {
    expect(plan(sql)).toContain(expected);
  });
});
