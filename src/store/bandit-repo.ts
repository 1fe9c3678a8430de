// Bandit posteriors in router.db: one row per scope and target. The daemon keeps the live copy in
// memory and saves the arms it changed every second or so; a cluster mirror can implement the same
// two calls.
import type Database from 'better-sqlite3';
import type { BanditArm, BanditBook } from '../engine/bandit.js';

export interface BanditRepo {
  load(): BanditBook;
  /** Upserts the given arms in one transaction. Never throws: failures go to the store's onError. */
  save(changed: ReadonlyArray<{ scope: string; target: string; arm: BanditArm }>, now: number): void;
}

interface ArmRow {
  scope: string;
  target: string;
  s: number;
  f: number;
}

export class BanditArmsRepo implements BanditRepo {
  private readonly all: Database.Statement<[], ArmRow>;
  private readonly upsert: Database.Statement<[string, string, number, number, number]>;
  private readonly saveTx: (changed: ReadonlyArray<{ scope: string; target: string; arm: BanditArm }>, now: number) => void;

  constructor(
    db: Database.Database,
    private readonly report: (err: Error) => void,
  ) {
    this.all = db.prepare('SELECT scope, target, s, f FROM bandit_arms');
    this.upsert = db.prepare(
      'INSERT INTO bandit_arms (scope, target, s, f, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, target) DO UPDATE SET s = excluded.s, f = excluded.f, updated_at = excluded.updated_at',
    );
    this.saveTx = db.transaction((changed, now) => {
      for (const c of changed) this.upsert.run(c.scope, c.target, c.arm.s, c.arm.f, now);
    });
  }

  load(): BanditBook {
    const book: Record<string, Record<string, BanditArm>> = {};
    for (const row of this.all.all()) (book[row.scope] ??= {})[row.target] = { s: row.s, f: row.f };
    return book;
  }

  save(changed: ReadonlyArray<{ scope: string; target: string; arm: BanditArm }>, now: number): void {
    if (changed.length === 0) return;
    try {
      this.saveTx(changed, now);
    } catch (err) {
      this.report(err as Error);
    }
  }
}
