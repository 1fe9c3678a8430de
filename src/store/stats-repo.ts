// Reads for `router stats`, `router events --since` and ratings. Stats read only rollups (hourly
// counters, histograms, drift): a range seek on the hour key, never the raw rows.
import type Database from 'better-sqlite3';
import type { StatsDTO } from '../protocol/spend-dto.js';
import { entryFromRow, legacyAttempts, requestReadColumns, type AttemptRow, type RequestRow } from './rows.js';
import { buildReport, type DriftRow, type HistogramRow, type HourlyRow, type StatsQuery } from './stats-report.js';
import type { LedgerEntry } from './types.js';

export type { StatsQuery, StatsWindowParams } from './stats-report.js';
export { statsQueryFor } from './stats-report.js';

export interface StatsReader {
  report(q: StatsQuery): StatsDTO;
  /** Written ratings per target id. */
  ratingsByTarget(): Record<string, { good: number; bad: number }>;
  /** Requests (with their attempts) that started at or after sinceMs, oldest first. */
  entriesSince(sinceMs: number, limit: number): LedgerEntry[];
  /**
   * One page of the same, at most `limit` requests: `after` is the `next` of the page before. An index
   * seek on (ts, rowid), so a page costs the same wherever it starts and rows written meanwhile are
   * neither skipped nor repeated.
   */
  entriesPage(sinceMs: number, limit: number, after?: string): EntriesPage;
}

export interface EntriesPage {
  entries: LedgerEntry[];
  /** Where the next page starts (opaque), or null on the last page. */
  next: string | null;
}

/** A page cursor: the (ts, rowid) of the last request a page held. */
export const HISTORY_CURSOR = /^-?\d{1,16}:-?\d{1,19}$/;

const hourlyColumns = 'hour, route, target, requests, ok, errors, aborted, latency_ms_sum, tokens_in, tokens_out, tokens_cached, cost_nusd';

export class StatsQueries implements StatsReader {
  private readonly hourly: Database.Statement<[number, number], HourlyRow>;
  private readonly hourlyOfRoute: Database.Statement<[number, number, string], HourlyRow>;
  private readonly histograms: Database.Statement<[number, number], HistogramRow>;
  private readonly histogramsOfRoute: Database.Statement<[number, number, string], HistogramRow>;
  private readonly drift: Database.Statement<[number, number], DriftRow>;
  private readonly driftOfRoute: Database.Statement<[number, number, string], DriftRow>;
  private readonly ratings: Database.Statement<[], { target: string; rating: string; n: number }>;
  private readonly since: Database.Statement<[number, number], RequestRow>;
  private readonly page: Database.Statement<[number, number, number, number], RequestRow & { row_id: number }>;
  private readonly attemptsOf: (decisionId: string) => AttemptRow[];
  private readonly hourlyByKey: Database.Statement<[number, number], HourlyRow> | undefined;

  constructor(db: Database.Database) {
    const range = 'WHERE hour >= ? AND hour < ?';
    this.hourly = db.prepare(`SELECT ${hourlyColumns} FROM requests_hourly ${range}`);
    this.hourlyOfRoute = db.prepare(`SELECT ${hourlyColumns} FROM requests_hourly ${range} AND route = ?`);
    this.histograms = db.prepare(`SELECT hour, route, target, metric, buckets FROM histogram_hourly ${range}`);
    this.histogramsOfRoute = db.prepare(`SELECT hour, route, target, metric, buckets FROM histogram_hourly ${range} AND route = ?`);
    this.drift = db.prepare(`SELECT hour, route, planned, actual, cause, requests FROM drift_hourly ${range}`);
    this.driftOfRoute = db.prepare(`SELECT hour, route, planned, actual, cause, requests FROM drift_hourly ${range} AND route = ?`);
    this.ratings = db.prepare('SELECT target, rating, COUNT(*) AS n FROM ratings WHERE target IS NOT NULL GROUP BY target, rating');
    this.since = db.prepare(`SELECT ${requestReadColumns(db)} FROM requests WHERE ts >= ? ORDER BY ts, rowid LIMIT ?`);
    this.page = db.prepare(
      `SELECT rowid AS row_id, ${requestReadColumns(db)} FROM requests WHERE ts >= ? AND (ts, rowid) > (?, ?) ORDER BY ts, rowid LIMIT ?`,
    );
    this.attemptsOf = legacyAttempts(db);
    // A file an older release wrote (schema < 7, read by the CLI) has no per-key rollup.
    const keyed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'requests_hourly_key'").get() !== undefined;
    this.hourlyByKey = keyed ? db.prepare(`SELECT key_name, ${hourlyColumns} FROM requests_hourly_key ${range}`) : undefined;
  }

  report(q: StatsQuery): StatsDTO {
    const hourMs = 3_600_000;
    const from = Math.floor(q.fromMs / hourMs) * hourMs;
    const to = q.toMs;
    // Per key: the key rollup has counters, tokens and cost, not latency histograms or drift.
    if (q.by === 'key') return buildReport({ ...q, fromMs: from }, this.keyHourly(from, to, q.route), [], []);
    const route = q.route === undefined ? undefined : q.route === '(none)' ? '' : q.route;
    const rows =
      route === undefined
        ? { hourly: this.hourly.all(from, to), histograms: this.histograms.all(from, to), drift: this.drift.all(from, to) }
        : {
            hourly: this.hourlyOfRoute.all(from, to, route),
            histograms: this.histogramsOfRoute.all(from, to, route),
            drift: this.driftOfRoute.all(from, to, route),
          };
    return buildReport({ ...q, fromMs: from }, rows.hourly, rows.histograms, rows.drift);
  }

  private keyHourly(from: number, to: number, route: string | undefined): HourlyRow[] {
    if (!this.hourlyByKey) return [];
    const rows = this.hourlyByKey.all(from, to);
    if (route === undefined) return rows;
    const wanted = route === '(none)' ? '' : route;
    return rows.filter((r) => r.route === wanted);
  }

  ratingsByTarget(): Record<string, { good: number; bad: number }> {
    const out: Record<string, { good: number; bad: number }> = {};
    for (const r of this.ratings.all()) {
      const t = (out[r.target] ??= { good: 0, bad: 0 });
      if (r.rating === 'good') t.good += r.n;
      else if (r.rating === 'bad') t.bad += r.n;
    }
    return out;
  }

  entriesSince(sinceMs: number, limit: number): LedgerEntry[] {
    if (!(limit > 0)) return [];
    return this.since.all(sinceMs, Math.floor(limit)).map((row) => entryFromRow(row, this.attemptsOf));
  }

  entriesPage(sinceMs: number, limit: number, after?: string): EntriesPage {
    if (!(limit > 0)) return { entries: [], next: null };
    const [ts, rowid] =
      after !== undefined && HISTORY_CURSOR.test(after) ? after.split(':').map(Number) : [sinceMs, Number.MIN_SAFE_INTEGER];
    // One row past the page says whether another page follows.
    const rows = this.page.all(sinceMs, ts as number, rowid as number, Math.floor(limit) + 1);
    const more = rows.length > limit;
    if (more) rows.pop();
    const last = rows.at(-1);
    return { entries: rows.map((row) => entryFromRow(row, this.attemptsOf)), next: more && last ? `${last.ts}:${last.row_id}` : null };
  }
}
