import type Database from 'better-sqlite3';
import type { RatingRecord } from './types.js';

interface RatingRow {
  decision_id: string;
  ts: number;
  rating: string;
  comment: string | null;
  target: string | null;
}

export class RatingQueries {
  private readonly one: Database.Statement<[string], RatingRow>;

  constructor(db: Database.Database) {
    this.one = db.prepare('SELECT decision_id, ts, rating, comment, target FROM ratings WHERE decision_id = ?');
  }

  get(decisionId: string): RatingRecord | null {
    const row = this.one.get(decisionId);
    if (!row) return null;
    const rating: RatingRecord = { decisionId: row.decision_id, ts: row.ts, rating: row.rating as RatingRecord['rating'] };
    if (row.comment !== null) rating.comment = row.comment;
    if (row.target !== null) rating.target = row.target;
    return rating;
  }
}

export class RatingWriter {
  private readonly upsert: Database.Statement<[RatingRow]>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      'INSERT INTO ratings (decision_id, ts, rating, comment, target) VALUES (@decision_id, @ts, @rating, @comment, @target) ' +
        'ON CONFLICT (decision_id) DO UPDATE SET ts = excluded.ts, rating = excluded.rating, comment = excluded.comment, target = excluded.target',
    );
  }

  /** Call inside a transaction. */
  write(ratings: Iterable<RatingRecord>): void {
    for (const r of ratings) {
      this.upsert.run({ decision_id: r.decisionId, ts: r.ts, rating: r.rating, comment: r.comment ?? null, target: r.target ?? null });
    }
  }
}
