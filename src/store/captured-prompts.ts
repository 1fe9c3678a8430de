// What `router learn --from-ledger` reads: requests that kept their prompt (ledger.capturePrompts),
// with their attempts and rating. Plain data out; the labelling is src/learn/ledger-labels.ts.
import type Database from 'better-sqlite3';
import type { RequestRow } from './rows.js';
import { entryFromRow, legacyAttempts, requestReadColumns } from './rows.js';

export interface CapturedExchange {
  decisionId: string;
  ts: number;
  prompt: string;
  /** The prompt's length before redaction and truncation. */
  chars: number;
  attempts: Array<{ target: string; outcome: 'ok' | 'failed' | 'aborted'; errorClass?: string }>;
  /** `router rate`: the rating and the target it was given for (the one that answered, when known). */
  rating?: { rating: 'good' | 'bad'; target: string | null };
}

interface Row extends RequestRow {
  prompt: string;
  prompt_chars: number | null;
  rating: string | null;
  rating_target: string | null;
}

/** Captured requests at or after `sinceMs`, oldest first (the newest `limit` of them). */
export function capturedExchanges(db: Database.Database, sinceMs: number, limit: number): CapturedExchange[] {
  const columns = requestReadColumns(db)
    .split(', ')
    .map((c) => (c.includes(' AS ') ? c : `r.${c}`))
    .join(', ');
  const rows = db
    .prepare<[number, number], Row>(
      `SELECT ${columns}, r.prompt, r.prompt_chars, g.rating AS rating, g.target AS rating_target FROM requests r ` +
        'LEFT JOIN ratings g ON g.decision_id = r.decision_id WHERE r.prompt IS NOT NULL AND r.ts >= ? ORDER BY r.ts DESC LIMIT ?',
    )
    .all(sinceMs, limit)
    .reverse();
  const tableAttempts = legacyAttempts(db);
  return rows.map((row) => {
    const entry = entryFromRow(row, tableAttempts);
    const x: CapturedExchange = {
      decisionId: row.decision_id,
      ts: row.ts,
      prompt: row.prompt,
      chars: row.prompt_chars ?? row.prompt.length,
      attempts: entry.attempts.map((a) =>
        a.errorClass ? { target: a.target, outcome: a.outcome, errorClass: a.errorClass } : { target: a.target, outcome: a.outcome },
      ),
    };
    if (row.rating === 'good' || row.rating === 'bad') x.rating = { rating: row.rating, target: row.rating_target ?? entry.request.target };
    return x;
  });
}
