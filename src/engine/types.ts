// Shapes shared by the daemon and the engine. Plain JSON-serialisable data so state can be persisted
// and traces printed by `router explain` without conversion.

import type { RequestSummary } from '../wire/summary.js';

export type ClientFormat = 'openai' | 'anthropic' | 'responses';

/**
 * Built by the daemon from the decoded request (see facts.ts); everything the engine may look at.
 * The content facts are the wire layer's RequestSummary, whatever the client's format.
 */
export interface RequestFacts extends Omit<RequestSummary, 'wantsUsage'> {
  /** As sent by the client: 'auto', 'router', a route id, an alias, or 'provider/model'. */
  model: string;
  /** x-router-route: beats `model`, and rule `route`/`target` actions do not override it. */
  routeHeader?: string;
  /** x-router-difficulty: easy | standard | hard (anything else is ignored). */
  difficultyHeader?: string;
  /** Lower-cased names, for rule `header` conditions. */
  headers: Record<string, string>;
  clientFormat: ClientFormat;
}

export type ErrorClass =
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'connect'
  | 'stream_broken'
  | 'auth'
  | 'billing'
  | 'invalid_request'
  | 'context_length'
  | 'not_found'
  | 'client_closed';

export interface Cooldown {
  until: number;
  reason: ErrorClass;
}

export interface Breaker {
  state: 'closed' | 'open' | 'half-open';
  /** ms timestamps of counted failures inside the window. */
  failures: number[];
  openUntil?: number;
  /** Consecutive opens, for backoff. */
  openCount: number;
  probeInFlight?: boolean;
  /** A probe that never reports back (lost request) stops blocking the target after this time. */
  probeDeadline?: number;
}

export interface LatencyStat {
  ewmaMs: number;
  /** 0 until a sample with a time-to-first-token arrived. */
  ttftEwmaMs: number;
  samples: number;
}

/** Budget / UVI verdict per provider, computed outside the engine and fed in through state. */
export type Pressure = 'promoted' | 'normal' | 'demoted' | 'blocked';

export interface RatingStat {
  good: number;
  bad: number;
}

/**
 * A provider's budget limits (effective: config, or `router budget set`) and its spend so far,
 * computed by the daemon from the spend rollups and fed in through state.
 */
export interface BudgetStat {
  /** USD; absent: no limit for that period. */
  daily?: number;
  monthly?: number;
  /** UTC yyyy-mm-dd and yyyy-mm the spend figures belong to; figures of an earlier period count as 0. */
  day: string;
  spentDay: number;
  month: string;
  spentMonth: number;
}

export interface RouterState {
  /** Set by `router switch`; null means config.defaultRoute, else the first route. */
  activeRoute: string | null;
  /** Key: target id "provider/model", or "provider" for provider-wide (auth/billing). */
  cooldowns: Record<string, Cooldown>;
  /** Key: target id. */
  breakers: Record<string, Breaker>;
  /** Key: target id. */
  latency: Record<string, LatencyStat>;
  shadow: boolean;
  uviEnabled: boolean;
  uviHard: boolean;
  /** Key: provider id. Absent provider = 'normal'. Used by the adaptive strategy. */
  pressure?: Record<string, Pressure>;
  /** Key: target id. Used by the rule condition `ratingBelow`. */
  ratings?: Record<string, RatingStat>;
  /** Key: provider id. Providers without a budget are absent. */
  budgets?: Record<string, BudgetStat>;
}

export type StateEvent =
  /** Lets a half-open breaker admit exactly one probe. */
  | { type: 'attempt.started'; target: string }
  | { type: 'attempt.succeeded'; target: string; latencyMs: number; ttftMs?: number }
  | { type: 'attempt.failed'; target: string; errorClass: ErrorClass; retryAfterMs?: number }
  | { type: 'route.switched'; route: string | null }
  /** All circuits, or only those of one provider (its cooldowns are cleared too). */
  | { type: 'circuit.reset'; provider?: string }
  /** Cooldowns, breakers and latency; flags, active route, pressure, ratings and budgets stay. */
  | { type: 'state.reset' }
  | { type: 'flags.set'; shadow?: boolean; uviEnabled?: boolean; uviHard?: boolean }
  | { type: 'pressure.set'; pressure: Record<string, Pressure> }
  | { type: 'ratings.set'; ratings: Record<string, RatingStat> }
  | { type: 'budgets.set'; budgets: Record<string, BudgetStat> }
  /** Another daemon's cooldowns and breakers (cluster resync): the stricter view wins. */
  | { type: 'health.merged'; cooldowns: Record<string, Cooldown>; breakers: Record<string, Breaker> };

export function initialState(): RouterState {
  return stateShape({ activeRoute: null, cooldowns: {}, breakers: {}, latency: {}, shadow: false, uviEnabled: false, uviHard: false });
}

/**
 * The state with every field present, the optional ones too, in one order: states of one shape keep
 * V8's caches for reading them monomorphic. When some events added optional fields and others did
 * not, states came in several shapes, the reducers' spread copies went megamorphic and the `latency`
 * define in onSucceeded missed on every request (--log-ic; ~330 ns against ~50 now).
 */
export function stateShape(s: RouterState): RouterState {
  // Every key required here, so a field added to RouterState cannot be dropped by the reducers unseen.
  const shaped: { [K in keyof Required<RouterState>]: RouterState[K] } = {
    activeRoute: s.activeRoute,
    cooldowns: s.cooldowns,
    breakers: s.breakers,
    latency: s.latency,
    shadow: s.shadow,
    uviEnabled: s.uviEnabled,
    uviHard: s.uviHard,
    pressure: s.pressure,
    ratings: s.ratings,
    budgets: s.budgets,
  };
  return shaped;
}

/** A copy of the state with `change` set, of that one shape: what every reducer returns for a change. */
export function withState(state: RouterState, change: Partial<RouterState>): RouterState {
  return Object.assign(stateShape(state), change);
}

/** Provider part of a target id: everything before the first slash. */
export function providerOf(targetId: string): string {
  const slash = targetId.indexOf('/');
  return slash < 0 ? targetId : targetId.slice(0, slash);
}
