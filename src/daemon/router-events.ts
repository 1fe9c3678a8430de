// Ledger records as the events `router events` shows: one shape whether an attempt is broadcast
// live by the recorder or replayed from the ledger.
import type { RouterEvent } from '../protocol/index.js';
import type { AttemptRecord } from '../store/types.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

export function attemptEvent(a: AttemptRecord): RouterEvent {
  return {
    type: 'attempt',
    at: iso(a.ts),
    decisionId: a.decisionId,
    seq: a.seq,
    target: a.target,
    outcome: a.outcome,
    errorClass: a.errorClass,
    status: a.status,
    latencyMs: a.latencyMs,
  };
}
