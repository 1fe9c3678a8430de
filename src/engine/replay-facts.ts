// What a decision was planned from, as stored in the ledger's `facts` column and re-planned by
// `router replay`: the request facts, the clock's time zone, the routing state and the bandit arms
// it drew from. Versioned, because a replay may read rows an older release wrote. Pure.
import type { BanditArms } from './bandit.js';
import { systemMatchChars } from './rules.js';
import type { LatencyStat, RequestFacts, RouterState } from './types.js';

export const FACTS_VERSION = 1;

/** The prompt's head is enough for intent and difficulty signals, and keeps a row small. */
export const STORED_TEXT_CHARS = 4_096;
const HEADER_VALUE_CHARS = 256;
/** Credentials never reach the ledger: a header whose name says key, token, secret, auth, cookie or password. */
const secretHeader = /key|token|secret|auth|cookie|passw/i;

export interface StoredFacts {
  v: typeof FACTS_VERSION;
  facts: RequestFacts;
  /** Minutes east of UTC the rules' hours/days were read in. */
  tz: number;
  state: RouterState;
  /** The bandit arms the decision drew from, by scope. */
  bandit?: Record<string, BanditArms>;
}

function storedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || secretHeader.test(name)) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = text.length > HEADER_VALUE_CHARS ? text.slice(0, HEADER_VALUE_CHARS) : text;
  }
  return out;
}

/** Only what can still matter at `now`: live cooldowns, breakers not closed, rounded latencies. */
function compactState(s: RouterState, now: number): RouterState {
  const cooldowns: RouterState['cooldowns'] = {};
  for (const [k, c] of Object.entries(s.cooldowns)) if (c.until > now) cooldowns[k] = c;
  const breakers: RouterState['breakers'] = {};
  for (const [k, b] of Object.entries(s.breakers)) if (b.state !== 'closed') breakers[k] = b;
  const latency: Record<string, LatencyStat> = {};
  for (const [k, l] of Object.entries(s.latency)) {
    latency[k] = { ewmaMs: Math.round(l.ewmaMs), ttftEwmaMs: Math.round(l.ttftEwmaMs), samples: l.samples };
  }
  return { ...s, cooldowns, breakers, latency };
}

export function storedFacts(
  facts: RequestFacts,
  state: RouterState,
  now: number,
  tz: number,
  bandit?: { scope: string; arms: BanditArms },
): StoredFacts {
  const stored: StoredFacts = {
    v: FACTS_VERSION,
    facts: {
      ...facts,
      lastUserText: facts.lastUserText.length > STORED_TEXT_CHARS ? facts.lastUserText.slice(0, STORED_TEXT_CHARS) : facts.lastUserText,
      systemText: facts.systemText.length > systemMatchChars ? facts.systemText.slice(0, systemMatchChars) : facts.systemText,
      headers: storedHeaders(facts.headers),
    },
    tz,
    state: compactState(state, now),
  };
  if (bandit) stored.bandit = { [bandit.scope]: bandit.arms };
  return stored;
}

/** The stored facts when they are of a version this build can re-plan; undefined otherwise. */
export function readStoredFacts(value: unknown): StoredFacts | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<StoredFacts>;
  if (v.v !== FACTS_VERSION || typeof v.facts !== 'object' || typeof v.state !== 'object') return undefined;
  return v as StoredFacts;
}
