// The exact response cache in router.db: one row per cache key (a SHA-256 hex), the canonical
// response as JSON. Expired rows are never answered and are pruned with the over-count ones.
import type Database from 'better-sqlite3';

export interface CachedRow {
  route: string;
  target: string;
  createdAt: number;
  /** The canonical response, JSON. */
  response: string;
}

export class ResponseCacheRepo {
  private readonly one: Database.Statement<[string, number], { route: string; target: string; created_at: number; response: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number, number, string]>;
  private readonly count: Database.Statement<[number], { n: number; bytes: number | null }>;
  private readonly expired: Database.Statement<[number]>;
  private readonly overflow: Database.Statement<[number]>;
  private readonly all: Database.Statement<[]>;

  constructor(db: Database.Database) {
    this.one = db.prepare('SELECT route, target, created_at, response FROM response_cache WHERE cache_key = ? AND expires_at > ?');
    this.upsert = db.prepare(
      `INSERT INTO response_cache (cache_key, route, target, created_at, expires_at, response) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (cache_key) DO UPDATE SET route = excluded.route, target = excluded.target,
         created_at = excluded.created_at, expires_at = excluded.expires_at, response = excluded.response`,
    );
    this.count = db.prepare('SELECT COUNT(*) AS n, SUM(LENGTH(response)) AS bytes FROM response_cache WHERE expires_at > ?');
    this.expired = db.prepare('DELETE FROM response_cache WHERE expires_at <= ?');
    this.overflow = db.prepare(
      'DELETE FROM response_cache WHERE cache_key IN (SELECT cache_key FROM response_cache ORDER BY created_at DESC LIMIT -1 OFFSET ?)',
    );
    this.all = db.prepare('DELETE FROM response_cache');
  }

  get(key: string, now: number): CachedRow | undefined {
    const r = this.one.get(key, now);
    return r && { route: r.route, target: r.target, createdAt: r.created_at, response: r.response };
  }

  put(key: string, row: CachedRow, expiresAt: number): void {
    this.upsert.run(key, row.route, row.target, row.createdAt, expiresAt, row.response);
  }

  /** Live entries and their size in bytes of JSON. */
  size(now: number): { entries: number; bytes: number } {
    const r = this.count.get(now);
    return { entries: r?.n ?? 0, bytes: r?.bytes ?? 0 };
  }

  prune(now: number, maxEntries: number): number {
    return this.expired.run(now).changes + this.overflow.run(maxEntries).changes;
  }

  clear(): number {
    return this.all.run().changes;
  }
}
