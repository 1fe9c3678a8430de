// Per-provider limits as policy (config providers.<id>.rpm / tpm / concurrency / queueTimeoutMs):
// whether an attempt may go now, should wait, or should give its turn to the next target because
// the wait would outlast its deadline. Pure; the daemon's limiter counts and waits.
import { windowAt, windowRefuses, type WindowLimits, type WindowUse } from './rate-window.js';

export interface ProviderLimits extends WindowLimits {
  concurrency?: number;
}

export interface ProviderUse extends WindowUse {
  inFlight: number;
}

export type ProviderGate =
  | { kind: 'go' }
  /** Check again at `until` at the latest (a slot freed earlier wakes the waiter sooner). */
  | { kind: 'wait'; until: number; why: string }
  /** Waiting cannot end before `latestStart`: the attempt fails over now instead. */
  | { kind: 'skip'; reason: string };

export function hasProviderLimits(l: ProviderLimits): boolean {
  return l.rpm !== undefined || l.tpm !== undefined || l.concurrency !== undefined;
}

/**
 * `latestStart`: the last moment the attempt may still start (its queue timeout, bounded by its
 * first-token deadline). A full rate window is known to last until its end, so a wait past
 * latestStart is refused at once; a full concurrency slot may free any moment, so it is waited for.
 */
export function providerGate(use: ProviderUse, limits: ProviderLimits, now: number, latestStart: number): ProviderGate {
  const full = windowRefuses(use, limits);
  if (full !== undefined) {
    const end = windowAt(now).end;
    const why = full === 'rpm' ? `rpm ${limits.rpm} reached` : `tpm ${limits.tpm} reached`;
    if (end > latestStart) return { kind: 'skip', reason: `${why}; the window ends in ${end - now} ms, past the attempt's queue deadline` };
    return { kind: 'wait', until: end, why };
  }
  if (limits.concurrency !== undefined && use.inFlight >= limits.concurrency) {
    const why = `${use.inFlight} in flight, concurrency ${limits.concurrency}`;
    if (now >= latestStart) return { kind: 'skip', reason: `${why}; no slot freed within the queue deadline` };
    return { kind: 'wait', until: latestStart, why };
  }
  return { kind: 'go' };
}

/** How long an attempt may queue: the provider's queueTimeoutMs, never past its first-token deadline. */
export function queueDeadline(startedAt: number, queueTimeoutMs: number, firstTokenBudgetMs: number): number {
  return startedAt + Math.max(0, Math.min(queueTimeoutMs, firstTokenBudgetMs));
}
