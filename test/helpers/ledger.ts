// Reads the daemon's real SQLite ledger from the test, through the read-only store the CLI uses,
// waiting for the batched write to land.
import { join } from 'node:path';
import { openStoreReadOnly } from '../../src/store/readonly.js';
import type { LedgerEntry } from '../../src/store/types.js';

export interface AttemptRow {
  seq: number;
  target: string;
  outcome: string;
  error_class: string | null;
  status: number | null;
}

export async function attemptsFor(home: string, decisionId: string, expected: number, timeoutMs = 5000): Promise<AttemptRow[]> {
  const store = openStoreReadOnly(join(home, 'router.db'));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = (store.ledger.get(decisionId)?.attempts ?? []).map((a) => ({
        seq: a.seq,
        target: a.target,
        outcome: a.outcome,
        error_class: a.errorClass ?? null,
        status: a.status ?? null,
      }));
      if (rows.length >= expected || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    store.close();
  }
}

/** The request's whole ledger entry once its batch has landed, or null after the deadline. */
export async function ledgerEntry(home: string, decisionId: string, timeoutMs = 5000): Promise<LedgerEntry | null> {
  const store = openStoreReadOnly(join(home, 'router.db'));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = store.ledger.get(decisionId);
      if (e || Date.now() > deadline) return e;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    store.close();
  }
}
