// Prepared statements over requests/attempts and the rollups fed from them.
import type Database from 'better-sqlite3';
import { hourlyDeltas, spendDeltas } from './rollups.js';
import {
  attemptsJson,
  entryFromRow,
  fromRequestRow,
  learningValues,
  legacyAttempts,
  placeholders,
  requestReadColumns,
  requestValues,
  requestWriteColumns,
  type AttemptRow,
  type RequestRow,
} from './rows.js';
import { KeyRollupWriter } from './key-rollups.js';
import { StatsRollupWriter } from './stats-writer.js';
import type { AttemptRecord, LedgerEntry, LedgerReader, RequestRecord } from './types.js';

export class LedgerQueries implements LedgerReader {
  private readonly byDecision: Database.Statement<[string], RequestRow>;
  private readonly attemptsOf: (decisionId: string) => AttemptRow[];
  private readonly newest: Database.Statement<[number], RequestRow>;

  constructor(db: Database.Database) {
    const columns = requestReadColumns(db);
    this.byDecision = db.prepare(`SELECT ${columns} FROM requests WHERE decision_id = ?`);
    this.attemptsOf = legacyAttempts(db);
    // rowid breaks ties between requests started in the same millisecond: the later write wins.
    this.newest = db.prepare(`SELECT ${columns} FROM requests ORDER BY ts DESC, rowid DESC LIMIT ?`);
  }

  get(decisionId: string): LedgerEntry | null {
    const row = this.byDecision.get(decisionId);
    return row ? this.withAttempts(row) : null;
  }

  last(): LedgerEntry | null {
    const row = this.newest.get(1);
    return row ? this.withAttempts(row) : null;
  }

  recent(limit: number): RequestRecord[] {
    if (!(limit > 0)) return [];
    return this.newest.all(Math.floor(limit)).map(fromRequestRow);
  }

  private withAttempts(row: RequestRow): LedgerEntry {
    return entryFromRow(row, this.attemptsOf);
  }
}

export class LedgerWriter {
  private readonly insertRequest: Database.Statement<unknown[]>;
  private readonly upsertSpend: Database.Statement<[ReturnType<typeof spendDeltas>[number]]>;
  private readonly upsertHourly: Database.Statement<[ReturnType<typeof hourlyDeltas>[number]]>;
  private readonly pruneAttemptsOfOldRequests: Database.Statement<[number]>;
  private readonly pruneRequests: Database.Statement<[number]>;
  private readonly pruneOrphanAttempts: Database.Statement<[number]>;
  private readonly stats: StatsRollupWriter;
  private readonly keys: KeyRollupWriter;

  constructor(db: Database.Database) {
    this.stats = new StatsRollupWriter(db);
    this.keys = new KeyRollupWriter(db);
    // A decision written twice (a retried enqueue) is kept once, so it cannot poison a batch or double-count spend.
    this.insertRequest = db.prepare(
      `INSERT INTO requests (${requestWriteColumns}) VALUES (${placeholders(requestWriteColumns)}) ON CONFLICT (decision_id) DO NOTHING`,
    );
    this.upsertSpend = db.prepare(`
      INSERT INTO spend_daily (provider, day, cost_nusd, attempts, failed, tokens_in, tokens_out)
      VALUES (@provider, @day, @cost_nusd, @attempts, @failed, @tokens_in, @tokens_out)
      ON CONFLICT (provider, day) DO UPDATE SET
        cost_nusd = cost_nusd + excluded.cost_nusd, attempts = attempts + excluded.attempts,
        failed = failed + excluded.failed, tokens_in = tokens_in + excluded.tokens_in,
        tokens_out = tokens_out + excluded.tokens_out`);
    this.upsertHourly = db.prepare(`
      INSERT INTO requests_hourly (hour, route, target, requests, ok, errors, aborted, attempts, latency_ms_sum,
        ttft_ms_sum, ttft_count, tokens_in, tokens_out, tokens_cached, cost_nusd)
      VALUES (@hour, @route, @target, @requests, @ok, @errors, @aborted, @attempts, @latency_ms_sum,
        @ttft_ms_sum, @ttft_count, @tokens_in, @tokens_out, @tokens_cached, @cost_nusd)
      ON CONFLICT (hour, route, target) DO UPDATE SET
        requests = requests + excluded.requests, ok = ok + excluded.ok, errors = errors + excluded.errors,
        aborted = aborted + excluded.aborted, attempts = attempts + excluded.attempts,
        latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum, ttft_ms_sum = ttft_ms_sum + excluded.ttft_ms_sum,
        ttft_count = ttft_count + excluded.ttft_count, tokens_in = tokens_in + excluded.tokens_in,
        tokens_out = tokens_out + excluded.tokens_out, tokens_cached = tokens_cached + excluded.tokens_cached,
        cost_nusd = cost_nusd + excluded.cost_nusd`);
    this.pruneAttemptsOfOldRequests = db.prepare(
      'DELETE FROM attempts WHERE decision_id IN (SELECT decision_id FROM requests WHERE ts < ?)',
    );
    this.pruneRequests = db.prepare('DELETE FROM requests WHERE ts < ?');
    this.pruneOrphanAttempts = db.prepare('DELETE FROM attempts WHERE ts < ?');
  }

  /** Call inside a transaction. Rollups count only rows actually inserted. */
  write(entries: readonly LedgerEntry[]): void {
    const requests: RequestRecord[] = [];
    const attempts: AttemptRecord[] = [];
    const inserted: LedgerEntry[] = [];
    for (const entry of entries) {
      const values = requestValues(entry.request);
      values.push(
        attemptsJson(entry.attempts),
        entry.request.keyName ?? null,
        entry.request.cache ?? null,
        entry.request.prompt ?? null,
        entry.request.promptChars ?? null,
        ...learningValues(entry.request),
      );
      if (this.insertRequest.run(values).changes === 0) continue;
      requests.push(entry.request);
      attempts.push(...entry.attempts);
      inserted.push(entry);
    }
    for (const d of spendDeltas(attempts)) this.upsertSpend.run(d);
    for (const d of hourlyDeltas(requests)) this.upsertHourly.run(d);
    this.stats.write(inserted);
    this.keys.write(requests);
  }

  /** Call inside a transaction. Attempts go with their request even when they started after the cut-off. */
  prune(olderThanMs: number): number {
    return (
      this.pruneAttemptsOfOldRequests.run(olderThanMs).changes +
      this.pruneRequests.run(olderThanMs).changes +
      this.pruneOrphanAttempts.run(olderThanMs).changes
    );
  }
}
