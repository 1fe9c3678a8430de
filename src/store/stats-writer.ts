// Upserts of the stats rollups (histograms, drift), called inside the ledger's write transaction.
import type Database from 'better-sqlite3';
import { addBuckets, decodeBuckets, driftDeltas, encodeBuckets, histogramDeltas, type DriftDelta } from './stats-rollups.js';
import type { AttemptRecord, RequestRecord } from './types.js';

interface HistogramKey {
  hour: number;
  route: string;
  target: string;
  metric: string;
}

export class StatsRollupWriter {
  private readonly readHistogram: Database.Statement<[HistogramKey], { buckets: string }>;
  private readonly upsertHistogram: Database.Statement<[HistogramKey & { buckets: string }]>;
  private readonly upsertDrift: Database.Statement<[DriftDelta]>;

  constructor(db: Database.Database) {
    this.readHistogram = db.prepare(
      'SELECT buckets FROM histogram_hourly WHERE hour = @hour AND route = @route AND target = @target AND metric = @metric',
    );
    this.upsertHistogram = db.prepare(`
      INSERT INTO histogram_hourly (hour, route, target, metric, buckets) VALUES (@hour, @route, @target, @metric, @buckets)
      ON CONFLICT (hour, route, target, metric) DO UPDATE SET buckets = excluded.buckets`);
    this.upsertDrift = db.prepare(`
      INSERT INTO drift_hourly (hour, route, planned, actual, cause, requests) VALUES (@hour, @route, @planned, @actual, @cause, @requests)
      ON CONFLICT (hour, route, planned, actual, cause) DO UPDATE SET requests = requests + excluded.requests`);
  }

  /** Call inside a transaction, with the entries actually inserted (duplicates already skipped). */
  write(entries: ReadonlyArray<{ request: RequestRecord; attempts: readonly AttemptRecord[] }>): void {
    if (entries.length === 0) return;
    for (const d of histogramDeltas(entries.map((e) => e.request))) {
      const key: HistogramKey = { hour: d.hour, route: d.route, target: d.target, metric: d.metric };
      const stored = this.readHistogram.get(key);
      const merged = stored ? addBuckets(d.buckets, decodeBuckets(stored.buckets)) : d.buckets;
      this.upsertHistogram.run({ ...key, buckets: encodeBuckets(merged) });
    }
    for (const d of driftDeltas(entries)) this.upsertDrift.run(d);
  }
}
