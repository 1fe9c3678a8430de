// When every attempt failed, the client gets the most meaningful of the upstream errors: a
// non-retryable answer (the request itself is wrong) beats a rate limit, which beats an overload,
// which beats plain server and network failures (the last of those wins).
import type { ErrorClass } from '../engine/types.js';
import type { ClientError } from '../wire/errors.js';

export interface FailedAttempt {
  error: ClientError;
  errorClass: ErrorClass;
}

const rank: Partial<Record<ErrorClass, number>> = {
  invalid_request: 5,
  context_length: 5,
  not_found: 4,
  rate_limit: 3,
  billing: 2,
  overloaded: 2,
};

/** The failure the client is told about; the ledger stores its class, so both agree. */
export function reportedFailure<T extends { errorClass?: ErrorClass }>(failures: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const f of failures) {
    if (!best || rankOf(f.errorClass) >= rankOf(best.errorClass)) best = f;
  }
  return best;
}

const rankOf = (c: ErrorClass | undefined): number => (c === undefined ? -1 : (rank[c] ?? 0));

export function finalError(failures: readonly FailedAttempt[]): ClientError {
  const best = reportedFailure(failures);
  if (!best) return { status: 503, type: 'overloaded_error', message: 'no target is available for this request' };
  if (best.errorClass !== 'rate_limit') return best.error;
  // Several rate limits: tell the client the soonest moment any of them frees up.
  const waits = failures
    .filter((f) => f.errorClass === 'rate_limit' && f.error.retryAfterSec !== undefined)
    .map((f) => f.error.retryAfterSec!);
  return waits.length ? { ...best.error, retryAfterSec: Math.min(...waits) } : best.error;
}
