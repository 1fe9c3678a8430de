// Per-decision bookkeeping of what happened to each candidate, turned into the trace at the end.
import type { Target } from '../config/schema.js';
import type { CandidateTrace, Verdict } from './trace.js';
import type { ScoreParts } from './weights.js';

export interface CandidateNote {
  target: Target;
  verdict: Verdict;
  reasons: string[];
  latencyMs?: number;
  costUsd?: number;
  score?: ScoreParts;
  draw?: number;
}

export type CandidateBook = Map<string, CandidateNote>;

export function newBook(targets: readonly Target[]): CandidateBook {
  const book: CandidateBook = new Map();
  for (const t of targets) if (!book.has(t.id)) book.set(t.id, { target: t, verdict: 'kept', reasons: [] });
  return book;
}

/** Dropped beats demoted/promoted: once dropped, a later stage cannot revive a candidate silently. */
export function mark(book: CandidateBook, target: Target, verdict: Verdict, reason: string): void {
  const note = book.get(target.id);
  if (!note) {
    book.set(target.id, { target, verdict, reasons: [reason] });
    return;
  }
  note.reasons.push(reason);
  if (note.verdict !== 'dropped' || verdict === 'kept') note.verdict = verdict;
}

export function candidateTrace(book: CandidateBook): CandidateTrace[] {
  const out: CandidateTrace[] = [];
  for (const n of book.values()) {
    const reason = n.reasons.length === 0 ? 'kept' : n.reasons.length === 1 ? (n.reasons[0] as string) : n.reasons.join('; ');
    // One literal shape for every candidate (undefined fields vanish from JSON).
    out.push({
      target: n.target.id,
      verdict: n.verdict,
      reason,
      latencyMs: n.latencyMs === undefined ? undefined : Math.round(n.latencyMs),
      costUsd: n.costUsd === undefined ? undefined : Math.round(n.costUsd * 1e6) / 1e6,
      score: n.score === undefined ? undefined : roundParts(n.score),
      draw: n.draw === undefined ? undefined : round3(n.draw),
    });
  }
  return out;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

function roundParts(p: ScoreParts): ScoreParts {
  return { cost: round3(p.cost), latency: round3(p.latency), quality: round3(p.quality), total: round3(p.total) };
}
