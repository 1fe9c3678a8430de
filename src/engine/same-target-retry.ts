// Whether a failed attempt is worth a second try on the same target, and after how long. Pure:
// the executor reports the failure's facts (class, status, network kind, the upstream's retry
// hint) and waits as told. Only fast failures qualify: a 5xx, a reset before headers, or a 429
// whose hint is short. A timeout already cost a full deadline and is never retried in place; a
// 4xx is the request's or the account's problem and another try cannot change it.
import type { ErrorClass } from './types.js';

export interface RetryPolicy {
  /** Tries at one target, the first included. */
  attempts: number;
  /** A Retry-After longer than this moves on instead of waiting. */
  maxWaitSeconds: number;
  /** First wait without a hint; doubles per retry, with jitter. */
  backoffMs: number;
}

export interface FailureFacts {
  errorClass: ErrorClass;
  status?: number;
  network?: 'connect' | 'reset' | 'timeout';
  /** The upstream's own hint (Retry-After and friends), in ms. */
  retryAfterMs?: number;
}

export type RetryVerdict = { retry: true; afterMs: number; note: string } | { retry: false; note?: string };

/** Never a tight loop: even a zero backoff waits this long. */
const MIN_WAIT_MS = 50;

function fast(f: FailureFacts): boolean {
  if (f.network === 'reset') return true;
  if (f.network !== undefined) return false;
  return f.errorClass === 'server' || f.errorClass === 'overloaded' || f.errorClass === 'rate_limit';
}

/** `random` in [0, 1): jitter spreads the retries of many clients that failed together. */
function backoff(policy: RetryPolicy, retryNo: number, random: () => number): number {
  const base = policy.backoffMs * 2 ** (retryNo - 1);
  const jittered = base * (0.5 + random() / 2);
  return Math.max(MIN_WAIT_MS, Math.min(Math.round(jittered), policy.maxWaitSeconds * 1000));
}

/**
 * `tries`: attempts already made at this target (≥ 1). `othersLeft`: another target could still be
 * tried, so a 429 without a hint moves on rather than waiting here.
 */
export function sameTargetRetry(
  f: FailureFacts,
  tries: number,
  policy: RetryPolicy,
  othersLeft: boolean,
  random: () => number,
): RetryVerdict {
  if (tries >= policy.attempts) return { retry: false };
  if (f.errorClass === 'timeout' || f.network === 'timeout') return { retry: false, note: 'timed out: not retried on the same target' };
  if (!fast(f)) return { retry: false };
  const what = f.status !== undefined ? String(f.status) : (f.network ?? f.errorClass);
  const of = `try ${tries + 1} of ${policy.attempts}`;
  if (f.retryAfterMs !== undefined) {
    if (f.retryAfterMs > policy.maxWaitSeconds * 1000)
      return { retry: false, note: `${what} asks to wait ${f.retryAfterMs} ms, more than retry.maxWaitSeconds (${policy.maxWaitSeconds})` };
    const afterMs = Math.max(MIN_WAIT_MS, f.retryAfterMs);
    return { retry: true, afterMs, note: `${what}: retry after the upstream's hint, ${afterMs} ms (${of})` };
  }
  if (f.errorClass === 'rate_limit' && othersLeft)
    return { retry: false, note: `${what} without a retry hint: backing off this target and moving on` };
  const afterMs = backoff(policy, tries, random);
  return { retry: true, afterMs, note: `${what}: retry after ${afterMs} ms backoff (${of})` };
}
