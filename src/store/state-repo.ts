// The state table holds JSON text per key; callers see parsed values.
import type Database from 'better-sqlite3';

export class StateQueries {
  private readonly one: Database.Statement<[string], { value: string }>;
  private readonly every: Database.Statement<[], { key: string; value: string }>;

  constructor(db: Database.Database) {
    this.one = db.prepare('SELECT value FROM state WHERE key = ?');
    this.every = db.prepare('SELECT key, value FROM state ORDER BY key');
  }

  /** JSON text, or undefined when the key is absent. */
  getJson(key: string): string | undefined {
    return this.one.get(key)?.value;
  }

  allJson(): Map<string, string> {
    return new Map(this.every.all().map((r) => [r.key, r.value]));
  }
}

export class StateWriter {
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      'INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.remove = db.prepare('DELETE FROM state WHERE key = ?');
  }

  /** Call inside a transaction; null deletes. */
  write(ops: ReadonlyMap<string, string | null>, now: number): void {
    for (const [key, json] of ops) {
      if (json === null) this.remove.run(key);
      else this.upsert.run(key, json, now);
    }
  }
}
