// The only way routing state changes: reduce(state, event, config, now) -> new state.
// Never mutates its input; returns the same reference when an event changes nothing.
import type { Config, Target } from '../config/schema.js';
import { breakerOnFailure, breakerOnNeutral, breakerOnStarted, breakerOnSuccess, closedBreaker, probeActive, probeDue } from './breaker.js';
import { mergeHealth } from './merge-health.js';
import type { Breaker, Cooldown, ErrorClass, LatencyStat, RouterState, StateEvent } from './types.js';
import { providerOf, withState } from './types.js';

/** Weight of the newest sample; ~10 samples dominate, so one slow answer does not flip the order. */
const ewmaAlpha = 0.2;
/** A probe that has not reported after this long (without a provider timeout to go by) is presumed lost. */
const defaultProbeTimeoutMs = 600_000;

/** Classes that say nothing about the target's health: no cooldown, no breaker count. */
const neutral: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['invalid_request', 'context_length', 'not_found', 'client_closed']);
const providerWide: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['auth', 'billing']);

function cooldownSeconds(errorClass: ErrorClass, c: Config['cooldowns']): number {
  switch (errorClass) {
    case 'rate_limit':
      return c.rateLimitSeconds;
    case 'server':
    case 'overloaded':
    case 'stream_broken':
      return c.serverErrorSeconds;
    case 'timeout':
    case 'connect':
      return c.timeoutSeconds;
    case 'auth':
    case 'billing':
      return c.authSeconds;
    default:
      return 0;
  }
}

function withCooldown(state: RouterState, key: string, cd: Cooldown): Record<string, Cooldown> {
  const existing = state.cooldowns[key];
  // A shorter hint must not cut short a longer cooldown already in force.
  if (existing && existing.until >= cd.until) return state.cooldowns;
  return withEntry(state.cooldowns, key, cd);
}

function onFailed(
  state: RouterState,
  target: string,
  errorClass: ErrorClass,
  retryAfter: number | undefined,
  config: Config,
  now: number,
): RouterState {
  const breaker = state.breakers[target];
  if (neutral.has(errorClass)) {
    if (!breaker) return state;
    const next = breakerOnNeutral(breaker, now);
    return next === breaker ? state : withState(state, { breakers: withEntry(state.breakers, target, next) });
  }
  const capMs = config.cooldowns.maxSeconds * 1000;
  const waitMs = Math.min(
    capMs,
    retryAfter !== undefined && retryAfter > 0 ? retryAfter : cooldownSeconds(errorClass, config.cooldowns) * 1000,
  );
  const key = providerWide.has(errorClass) ? providerOf(target) : target;
  const cooldowns = waitMs > 0 ? withCooldown(state, key, { until: now + waitMs, reason: errorClass }) : state.cooldowns;
  const nextBreaker = breakerOnFailure(breaker ?? closedBreaker(), config.circuit, now);
  return withState(state, { cooldowns, breakers: withEntry(state.breakers, target, nextBreaker) });
}

function ewma(previous: number, sample: number, samples: number): number {
  return samples === 0 ? sample : previous + ewmaAlpha * (sample - previous);
}

function onSucceeded(state: RouterState, target: string, latencyMs: number, ttftMs: number | undefined): RouterState {
  const prev: LatencyStat = state.latency[target] ?? { ewmaMs: 0, ttftEwmaMs: 0, samples: 0 };
  const latency: LatencyStat = {
    ewmaMs: ewma(prev.ewmaMs, latencyMs, prev.samples),
    ttftEwmaMs: ttftMs === undefined ? prev.ttftEwmaMs : prev.ttftEwmaMs === 0 ? ttftMs : ewma(prev.ttftEwmaMs, ttftMs, prev.samples),
    samples: prev.samples + 1,
  };
  const breaker = state.breakers[target];
  const next = withState(state, { latency: withEntry(state.latency, target, latency) });
  if (breaker) {
    const nb = breakerOnSuccess(breaker);
    if (nb !== breaker) next.breakers = withEntry(state.breakers, target, nb);
  }
  // The target answered, so its own cooldown is over; provider-wide ones (auth) stay until they expire.
  if (state.cooldowns[target]) {
    const { [target]: _done, ...rest } = state.cooldowns;
    next.cooldowns = rest;
  }
  return next;
}

function onStarted(state: RouterState, target: string, config: Config, now: number): RouterState {
  const breaker = state.breakers[target];
  if (!breaker) return state;
  const probeTimeoutMs = config.providers[providerOf(target)]?.timeoutMs ?? defaultProbeTimeoutMs;
  const next = breakerOnStarted(breaker, now, probeTimeoutMs);
  return next === breaker ? state : withState(state, { breakers: withEntry(state.breakers, target, next) });
}

/**
 * A copy of `record` with `key` set. A keyed store into the copy, not a computed key in a spread
 * literal: that is a runtime call every time (~0.3 us each in a micro-bench of onSucceeded).
 */
function withEntry<T>(record: Record<string, T>, key: string, value: T): Record<string, T> {
  const next = { ...record };
  next[key] = value;
  return next;
}

function withoutProvider<T>(record: Record<string, T>, provider: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) if (key !== provider && providerOf(key) !== provider) out[key] = value;
  return out;
}

function onCircuitReset(state: RouterState, provider: string | undefined): RouterState {
  if (provider === undefined) return withState(state, { breakers: {}, cooldowns: {} });
  return withState(state, { breakers: withoutProvider(state.breakers, provider), cooldowns: withoutProvider(state.cooldowns, provider) });
}

export function reduce(state: RouterState, event: StateEvent, config: Config, now: number): RouterState {
  switch (event.type) {
    case 'attempt.started':
      return onStarted(state, event.target, config, now);
    case 'attempt.succeeded':
      return onSucceeded(state, event.target, event.latencyMs, event.ttftMs);
    case 'attempt.failed':
      return onFailed(state, event.target, event.errorClass, event.retryAfterMs, config, now);
    case 'route.switched':
      return withState(state, { activeRoute: event.route });
    case 'circuit.reset':
      return onCircuitReset(state, event.provider);
    case 'state.reset':
      return withState(state, { cooldowns: {}, breakers: {}, latency: {} });
    case 'flags.set':
      return withState(state, {
        shadow: event.shadow ?? state.shadow,
        uviEnabled: event.uviEnabled ?? state.uviEnabled,
        uviHard: event.uviHard ?? state.uviHard,
      });
    case 'pressure.set':
      return withState(state, { pressure: { ...event.pressure } });
    case 'ratings.set':
      return withState(state, { ratings: { ...event.ratings } });
    case 'budgets.set':
      return withState(state, { budgets: { ...event.budgets } });
    case 'health.merged':
      return mergeHealth(state, event.cooldowns, event.breakers, now);
  }
}

export interface Availability {
  ok: boolean;
  why?: string;
}

function coolingDown(cd: Cooldown | undefined, now: number): cd is Cooldown {
  return cd !== undefined && cd.until > now;
}

function breakerBlocks(b: Breaker | undefined, now: number): string | undefined {
  if (!b) return undefined;
  if (b.state === 'open' && !probeDue(b, now)) return `circuit open until ${new Date(b.openUntil ?? now).toISOString()}`;
  if (probeActive(b, now)) return 'circuit half-open, probe in flight';
  return undefined;
}

/** Reads only; expired cooldowns are ignored here and removed by prune(). */
export function isAvailable(state: RouterState, target: Target, now: number): Availability {
  const own = state.cooldowns[target.id];
  if (coolingDown(own, now)) return { ok: false, why: `cooling down after ${own.reason} until ${new Date(own.until).toISOString()}` };
  const wide = state.cooldowns[target.provider];
  if (coolingDown(wide, now))
    return { ok: false, why: `provider ${target.provider} cooling down after ${wide.reason} until ${new Date(wide.until).toISOString()}` };
  const blocked = breakerBlocks(state.breakers[target.id], now);
  return blocked === undefined ? { ok: true } : { ok: false, why: blocked };
}

/**
 * Drops expired cooldowns and closed breakers with no failure left in the window (without a config,
 * only closed breakers with no failures at all). Same reference when nothing was dropped.
 */
export function prune(state: RouterState, now: number, config?: Config): RouterState {
  const windowStart = config === undefined ? -Infinity : now - config.circuit.windowSeconds * 1000;
  let cooldowns: Record<string, Cooldown> | undefined;
  for (const [key, cd] of Object.entries(state.cooldowns)) {
    if (cd.until > now) continue;
    cooldowns ??= { ...state.cooldowns };
    delete cooldowns[key];
  }
  let breakers: Record<string, Breaker> | undefined;
  for (const [key, b] of Object.entries(state.breakers)) {
    if (b.state !== 'closed' || b.failures.some((t) => t > windowStart)) continue;
    breakers ??= { ...state.breakers };
    delete breakers[key];
  }
  if (!cooldowns && !breakers) return state;
  return withState(state, { cooldowns: cooldowns ?? state.cooldowns, breakers: breakers ?? state.breakers });
}
