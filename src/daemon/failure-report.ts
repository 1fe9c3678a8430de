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

export function finalError(failures: readonly FailedAttempt[]): ClientError {
  let best: FailedAttempt | undefined;
  for (const f of failures) {
    if (!best || (rank[f.errorClass] ?? 0) >= (rank[best.errorClass] ?? 0)) best = f;
  }
  if (!best) return { status: 503, type: 'overloaded_error', message: 'no target is available for this request' };
  if (best.errorClass !== 'rate_limit') return best.error;
  // Several rate limits: tell the client the soonest moment any of them frees up.
  const waits = failures.filter((f) => f.errorClass === 'rate_limit' && f.error.retryAfterSec !== undefined).map((f) => f.error.retryAfterSec!);
  return waits.length ? { ...best.error, retryAfterSec: Math.min(...waits) } : best.error;
}
