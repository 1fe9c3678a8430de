// Which target of a plan the executor tries next, from what happened so far. Pure: the executor
// reports each attempt's outcome and asks again; every target passed over comes back as a trace
// note, so `router explain` shows why it was not tried.
//
// The policy today: stop once the client has an answer, went away, or sent a request no target
// could take; after a context overflow only larger windows; after an answer held back for
// escalation only stronger tiers. New outcomes (a retry of the same target, a first-token or idle
// deadline, a stream to continue elsewhere) become new members of AttemptOutcome and NextStep.
import type { ModelEntry, Target } from '../config/schema.js';
import { tierRank } from './requirements.js';
import { sameTargetRetry, type FailureFacts, type RetryPolicy } from './same-target-retry.js';

export type AttemptOutcome =
  /** The client has its answer, or a failure reported inside a stream it was committed to. */
  | { kind: 'answered' }
  /** A valid answer kept back while a stronger target gets a chance (escalation). */
  | { kind: 'held'; reason: string }
  /** Failed before any content went to the client; the facts decide a same-target retry. */
  | ({ kind: 'failed'; retryable: boolean } & FailureFacts)
  /** The client's request cannot be put into this target's format (n > 1 to Anthropic): its fault, not the target's. */
  | { kind: 'refused'; reason: string };

export interface Tried {
  /** Index into the plan's attempts. */
  index: number;
  outcome: AttemptOutcome;
}

export interface NextInput {
  attempts: readonly Target[];
  tried: readonly Tried[];
  entryOf: (t: Target) => ModelEntry | undefined;
  /** Escalation is on for this request (the route opted in and the answer is not streamed). */
  escalation: boolean;
  /** Same-target retry policy per target; absent: never retry in place. */
  retryOf?: (t: Target) => RetryPolicy;
  /** In [0, 1), for backoff jitter. */
  random?: () => number;
}

export type StopReason = 'answered' | 'client_closed' | 'refused' | 'not_retryable' | 'exhausted';

export type NextStep =
  /** `mayEscalate`: a stronger target follows, so a weak answer from this one may be held for it. */
  | { kind: 'try'; index: number; mayEscalate: boolean; notes: string[] }
  /** The same target again, after waiting `afterMs` (the executor waits; the client may leave meanwhile). */
  | { kind: 'retry'; index: number; afterMs: number; notes: string[] }
  /** The executor answers with the held answer if there is one, else with the failures' error. */
  | { kind: 'stop'; why: StopReason; notes: string[] };

/** A target of a higher tier; with either tier unknown, any later target counts as stronger. */
export function stronger(candidate: ModelEntry | undefined, than: ModelEntry | undefined): boolean {
  const a = candidate?.tier === undefined ? undefined : tierRank[candidate.tier];
  const b = than?.tier === undefined ? undefined : tierRank[than.tier];
  return a === undefined || b === undefined || a > b;
}

interface Overflow {
  /** The window that was too small; Infinity when the catalog does not know it. */
  window: number;
  target: Target;
}

/** The largest window that overflowed so far: only a larger one can help. */
function overflowOf(x: NextInput): Overflow | undefined {
  let out: Overflow | undefined;
  for (const t of x.tried) {
    if (t.outcome.kind !== 'failed' || t.outcome.errorClass !== 'context_length') continue;
    const target = x.attempts[t.index] as Target;
    const window = x.entryOf(target)?.contextWindow ?? Infinity;
    if (!out || window >= out.window) out = { window, target };
  }
  return out;
}

function heldOf(x: NextInput): Target | undefined {
  const last = x.tried.findLast((t) => t.outcome.kind === 'held');
  return last && x.attempts[last.index];
}

/** Why `t` is passed over, or undefined to try it. */
function skipReason(t: Target, x: NextInput, overflow: Overflow | undefined, held: Target | undefined): string | undefined {
  if (!overflow && !held) return undefined;
  const entry = x.entryOf(t);
  if (overflow) {
    const window = entry?.contextWindow;
    if (overflow.window === Infinity)
      return `${overflow.target.id} overflowed and its window is unknown, so no window is known to be larger`;
    if (window === undefined) return `context window unknown, more than ${overflow.window} needed (${overflow.target.id} overflowed)`;
    if (window <= overflow.window) return `context window ${window} ≤ ${overflow.window} needed (${overflow.target.id} overflowed)`;
  }
  if (held && !stronger(entry, x.entryOf(held))) {
    return `not stronger than held ${held.id} (tier ${entry?.tier ?? 'unknown'}, held ${x.entryOf(held)?.tier ?? 'unknown'})`;
  }
  return undefined;
}

/** Whether the last outcome ends the request, and the note that says why. */
function stopAfter(last: Tried, x: NextInput): { why: StopReason; note?: string } | undefined {
  const o = last.outcome;
  const id = x.attempts[last.index]?.id ?? '?';
  const more = last.index + 1 < x.attempts.length;
  switch (o.kind) {
    case 'answered':
      return { why: 'answered' };
    case 'refused':
      return { why: 'refused', note: `refused before sending to ${id}: ${o.reason} (the request's fault; no other target tried)` };
    case 'held':
      return undefined;
    case 'failed':
      if (o.errorClass === 'client_closed') return { why: 'client_closed' };
      // A context overflow is not retried as such, but a larger window may take the request.
      if (!o.retryable && o.errorClass !== 'context_length') {
        return { why: 'not_retryable', note: more ? `stopped after ${id}: ${o.errorClass} does not fail over` : undefined };
      }
      return undefined;
  }
}

export function nextAttempt(x: NextInput): NextStep {
  const notes: string[] = [];
  const last = x.tried.at(-1);
  if (last) {
    if (last.outcome.kind === 'held') notes.push(`escalated from ${x.attempts[last.index]?.id ?? '?'}: ${last.outcome.reason}`);
    const stop = stopAfter(last, x);
    if (stop) {
      if (stop.note) notes.push(stop.note);
      return { kind: 'stop', why: stop.why, notes };
    }
  }
  const overflow = overflowOf(x);
  const held = heldOf(x);
  const first = last ? last.index + 1 : 0;
  if (last?.outcome.kind === 'failed' && x.retryOf) {
    const t = x.attempts[last.index] as Target;
    const tries = x.tried.filter((u) => u.index === last.index).length;
    const othersLeft = x.attempts.slice(first).some((u) => skipReason(u, x, overflow, held) === undefined);
    const verdict = sameTargetRetry(last.outcome, tries, x.retryOf(t), othersLeft, x.random ?? (() => 0.5));
    if (verdict.note) notes.push(`${t.id}: ${verdict.note}`);
    if (verdict.retry) return { kind: 'retry', index: last.index, afterMs: verdict.afterMs, notes };
  }
  for (let i = first; i < x.attempts.length; i++) {
    const t = x.attempts[i] as Target;
    const skip = skipReason(t, x, overflow, held);
    if (skip !== undefined) {
      notes.push(`skipped ${t.id}: ${skip}`);
      continue;
    }
    const mayEscalate = x.escalation && x.attempts.slice(i + 1).some((u) => stronger(x.entryOf(u), x.entryOf(t)));
    return { kind: 'try', index: i, mayEscalate, notes };
  }
  return { kind: 'stop', why: 'exhausted', notes };
}
