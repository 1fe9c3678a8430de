// Responses API conversations (`previous_response_id` on translated upstreams): one row per
// finished response, its items as JSON. Reads are one prepared statement; writes come in the
// write queue's batch; prune keeps the table inside the TTL and the row bound.
import type Database from 'better-sqlite3';
import type { ConversationRecord } from './types.js';

export class ConversationQueries {
  private readonly one: Database.Statement<[string, number], { items: string }>;

  constructor(db: Database.Database) {
    this.one = db.prepare('SELECT items FROM conversations WHERE response_id = ? AND ts >= ?');
  }

  get(responseId: string, notBeforeMs: number): string | null {
    return this.one.get(responseId, notBeforeMs)?.items ?? null;
  }
}

export class ConversationWriter {
  private readonly upsert: Database.Statement<[string, number, string]>;
  private readonly expired: Database.Statement<[number]>;
  private readonly overflow: Database.Statement<[number]>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      'INSERT INTO conversations (response_id, ts, items) VALUES (?, ?, ?) ON CONFLICT (response_id) DO UPDATE SET ts = excluded.ts, items = excluded.items',
    );
    this.expired = db.prepare('DELETE FROM conversations WHERE ts < ?');
    this.overflow = db.prepare(
      'DELETE FROM conversations WHERE response_id IN (SELECT response_id FROM conversations ORDER BY ts DESC LIMIT -1 OFFSET ?)',
    );
  }

  /** Call inside a transaction. */
  write(records: Iterable<ConversationRecord>): void {
    for (const r of records) this.upsert.run(r.responseId, r.ts, r.items);
  }

  /** Call inside a transaction. */
  prune(olderThanMs: number, maxEntries: number): number {
    return this.expired.run(olderThanMs).changes + this.overflow.run(maxEntries).changes;
  }
}
