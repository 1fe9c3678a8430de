// Circuit breaker transitions for one target. Pure: each function returns a new Breaker.
import type { Config } from '../config/schema.js';
import type { Breaker } from './types.js';

/** Re-opens back off exponentially, but never beyond this many times openSeconds. */
const maxBackoffFactor = 8;

export function closedBreaker(): Breaker {
  return { state: 'closed', failures: [], openCount: 0 };
}

/** An open breaker whose time is up may admit a probe; readers treat it as available. */
export function probeDue(b: Breaker, now: number): boolean {
  return b.state === 'open' && (b.openUntil === undefined || now >= b.openUntil);
}

function reopen(b: Breaker, circuit: Config['circuit'], now: number): Breaker {
  const factor = Math.min(maxBackoffFactor, 2 ** b.openCount);
  return { state: 'open', failures: [], openUntil: now + circuit.openSeconds * 1000 * factor, openCount: b.openCount + 1 };
}

export function breakerOnStarted(b: Breaker, now: number, probeTimeoutMs: number): Breaker {
  if (!probeDue(b, now) && !(b.state === 'half-open' && !probeActive(b, now))) return b;
  return { ...b, state: 'half-open', probeInFlight: true, probeDeadline: now + probeTimeoutMs };
}

export function probeActive(b: Breaker, now: number): boolean {
  return b.state === 'half-open' && b.probeInFlight === true && (b.probeDeadline === undefined || now < b.probeDeadline);
}

export function breakerOnFailure(b: Breaker, circuit: Config['circuit'], now: number): Breaker {
  if (b.state === 'half-open') return reopen(b, circuit, now);
  // Requests that were already in flight when the circuit opened must not extend it.
  if (b.state === 'open') return b;
  const windowStart = now - circuit.windowSeconds * 1000;
  const failures = [...b.failures.filter((t) => t > windowStart), now];
  if (failures.length >= circuit.failures) {
    return { state: 'open', failures: [], openUntil: now + circuit.openSeconds * 1000, openCount: 1 };
  }
  return { ...b, failures };
}

export function breakerOnSuccess(b: Breaker): Breaker {
  // Only the probe decides on an open circuit; a straggler that succeeds says little.
  if (b.state === 'open') return b;
  if (b.state === 'half-open') return closedBreaker();
  return b;
}

/** The probe ended without telling us anything (client went away): let the next request probe. */
export function breakerOnNeutral(b: Breaker, now: number): Breaker {
  if (b.state !== 'half-open') return b;
  return { state: 'open', failures: [], openUntil: now, openCount: b.openCount };
}
