// Reads the daemon's real SQLite ledger from the test, waiting for the batched write to land.
import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface AttemptRow {
  seq: number;
  target: string;
  outcome: string;
  error_class: string | null;
  status: number | null;
}

export async function attemptsFor(home: string, decisionId: string, expected: number, timeoutMs = 5000): Promise<AttemptRow[]> {
  const db = new Database(join(home, 'router.db'), { readonly: true, fileMustExist: true });
  try {
    const q = db.prepare('SELECT seq, target, outcome, error_class, status FROM attempts WHERE decision_id = ? ORDER BY seq');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = q.all(decisionId) as AttemptRow[];
      if (rows.length >= expected || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    db.close();
  }
}
