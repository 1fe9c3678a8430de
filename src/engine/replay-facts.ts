// What a decision was planned from, as stored in the ledger's `facts` column and re-planned by
// `router replay`: the request facts, the clock's time zone, the routing state and the bandit arms
// it drew from. Versioned, because a replay may read rows an older release wrote. Pure.
// Version 2 keeps no prompt or system text unless `ledger.capturePrompts` is on (then only the
// redacted head): what plan() derived from the text travels as a TextSummary instead.
import type { BanditArms } from './bandit.js';
import type { TextSummary } from './text-summary.js';
import type { LatencyStat, RequestFacts, RouterState } from './types.js';

export const FACTS_VERSION = 2;

/** Version 1 rows (release with issue 19) kept the prompt's head: replay still reads them. */
const FACTS_V1 = 1;
const HEADER_VALUE_CHARS = 256;
/** Credentials never reach the ledger: a header whose name says key, token, secret, auth, cookie or password. */
const secretHeader = /key|token|secret|auth|cookie|passw/i;

export interface StoredFacts {
  v: typeof FACTS_VERSION | typeof FACTS_V1;
  /** Version 2: lastUserText and systemText are '' unless the redacted text was kept (then lastUserText is without shortcuts). */
  facts: RequestFacts;
  /** Version 2: what plan() derived from the text. */
  text?: TextSummary;
  /** Version 2: the texts in `facts` are the redacted heads (`ledger.capturePrompts`), usable to re-evaluate text rules. */
  textKept?: boolean;
  /** Minutes east of UTC the rules' hours/days were read in. */
  tz: number;
  state: RouterState;
  /** The bandit arms the decision drew from, by scope. */
  bandit?: Record<string, BanditArms>;
}

/** The redacted heads of the texts, when `ledger.capturePrompts` allows keeping them. */
export interface KeptText {
  /** The last user text without shortcuts. */
  user: string;
  system: string;
}

// Header names repeat request after request (an SDK sends the same dozen): the name test is kept per
// name, bounded so a client inventing names cannot grow it. Measured on 14 headers of the openai SDK:
// 0.8-2.0 -> 0.4-0.5 us per request.
const secretByName = new Map<string, boolean>();
const SECRET_NAMES_KEPT = 512;

function isSecretHeader(name: string): boolean {
  let secret = secretByName.get(name);
  if (secret === undefined) {
    secret = secretHeader.test(name);
    if (secretByName.size < SECRET_NAMES_KEPT) secretByName.set(name, secret);
  }
  return secret;
}

function storedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || isSecretHeader(name)) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = text.length > HEADER_VALUE_CHARS ? text.slice(0, HEADER_VALUE_CHARS) : text;
  }
  return out;
}

/** Only what can still matter at `now`: live cooldowns, breakers not closed, rounded latencies. */
function compactState(s: RouterState, now: number): RouterState {
  // for-in rather than Object.entries: this runs for every request, and entries() builds an array per key.
  const cooldowns: RouterState['cooldowns'] = {};
  for (const k in s.cooldowns) if (s.cooldowns[k]!.until > now) cooldowns[k] = s.cooldowns[k]!;
  const breakers: RouterState['breakers'] = {};
  for (const k in s.breakers) if (s.breakers[k]!.state !== 'closed') breakers[k] = s.breakers[k]!;
  const latency: Record<string, LatencyStat> = {};
  for (const k in s.latency) {
    const l = s.latency[k]!;
    latency[k] = { ewmaMs: Math.round(l.ewmaMs), ttftEwmaMs: Math.round(l.ttftEwmaMs), samples: l.samples };
  }
  return { ...s, cooldowns, breakers, latency };
}

export function storedFacts(
  facts: RequestFacts,
  state: RouterState,
  now: number,
  tz: number,
  text: { summary: TextSummary; kept?: KeptText },
  bandit?: { scope: string; arms: BanditArms },
): StoredFacts {
  const stored: StoredFacts = {
    v: FACTS_VERSION,
    facts: {
      ...facts,
      lastUserText: text.kept?.user ?? '',
      systemText: text.kept?.system ?? '',
      headers: storedHeaders(facts.headers),
    },
    text: text.summary,
    tz,
    state: compactState(state, now),
  };
  if (text.kept) stored.textKept = true;
  if (bandit) stored.bandit = { [bandit.scope]: bandit.arms };
  return stored;
}

/** The stored facts when they are of a version this build can re-plan; undefined otherwise. */
export function readStoredFacts(value: unknown): StoredFacts | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<StoredFacts>;
  if (typeof v.facts !== 'object' || typeof v.state !== 'object') return undefined;
  if (v.v === FACTS_V1) return v as StoredFacts;
  if (v.v !== FACTS_VERSION || typeof v.text !== 'object' || v.text === null) return undefined;
  return v as StoredFacts;
}

/** plan()'s replay option for stored facts: version 1 rows carry their text and plan from it. */
export function replayOptionOf(stored: StoredFacts): { summary: TextSummary; text?: string; systemText?: string } | undefined {
  if (stored.v === FACTS_V1 || !stored.text) return undefined;
  return stored.textKept
    ? { summary: stored.text, text: stored.facts.lastUserText, systemText: stored.facts.systemText }
    : { summary: stored.text };
}
