// Fixed rate windows aligned to the epoch minute: a count belongs to exactly one window, so a limit
// is exact (no sliding estimate) and maps 1:1 onto a Redis INCR + PEXPIRE per window key.
export const MINUTE_MS = 60_000;

export interface Window {
  /** Start of the window `now` is in (ms since the epoch), the counter's key. */
  start: number;
  /** Where it ends: counters reset there. */
  end: number;
}

export function windowAt(now: number, sizeMs = MINUTE_MS): Window {
  const start = Math.floor(now / sizeMs) * sizeMs;
  return { start, end: start + sizeMs };
}

/** Whole seconds until the window ends (at least 1): the `retry-after` of a refused request. */
export function retryAfterSeconds(now: number, sizeMs = MINUTE_MS): number {
  return Math.max(1, Math.ceil((windowAt(now, sizeMs).end - now) / 1000));
}

export interface WindowUse {
  requests: number;
  tokens: number;
}

export interface WindowLimits {
  rpm?: number;
  tpm?: number;
}

/**
 * Which limit a new request would break in this window, or undefined to admit it. rpm counts the
 * request itself (the N+1st is refused); tpm admits while the window's tokens are under the limit,
 * so a request is never refused for tokens it has not used yet beyond a full window.
 */
export function windowRefuses(use: WindowUse, limits: WindowLimits): 'rpm' | 'tpm' | undefined {
  if (limits.rpm !== undefined && use.requests >= limits.rpm) return 'rpm';
  if (limits.tpm !== undefined && use.tokens >= limits.tpm) return 'tpm';
  return undefined;
}
