// Policy rules: conditions over the request, actions that steer the plan. Rules run in priority
// order (lower first, ties in file order, global before route rules); every match applies, later
// keys override earlier ones (`require` field by field), and `final: true` stops.
// All conditions are read against the request as resolved before any rule ran.
import type { Rule, Tier } from '../config/schema.js';
import { inRange, localTime } from './clock.js';
import type { Difficulty } from './difficulty.js';
import type { Intent } from './intent.js';
import { mergeRequirements } from './requirements.js';
import type { CompiledRule, RuleSet } from './rule-compile.js';
import type { RuleFired } from './trace.js';

export type { CompiledRule, RuleSet } from './rule-compile.js';
export { compileRule, ruleSet } from './rule-compile.js';

export interface RuleInput {
  /** Undefined only when no rule of the set asks (RuleSet.needsText is false). */
  intent: Intent | undefined;
  difficulty: Difficulty | undefined;
  tier: Tier | undefined;
  route: string | null;
  model: string;
  headers: Record<string, string>;
  tokens: number;
  toolCount: number;
  imageCount: number;
  systemText: string;
  now: number;
  tzOffsetMinutes: number;
  /** Share of good ratings of the route's first target; undefined when there are none. */
  rating: number | undefined;
  /** Replay without the system text: systemMatches answered from the stored summary, unknowns noted. */
  replay?: SystemReplay;
}

export interface SystemReplay {
  /** undefined: cannot be told without the text. */
  systemMatch(re: RegExp): boolean | undefined;
  /** Rules whose systemMatches could not be evaluated, and that matched otherwise (counted as not matching). */
  gaps: string[];
}

export type RuleEffect = Rule['then'];

/**
 * `systemMatches` looks at the head of the system prompt, where clients and personas identify
 * themselves. Scanning a 40 KB agent prompt per rule per request would cost more than the rest of
 * the decision (a regex runs at ~1-2 ns per char).
 */
export const systemMatchChars = 4_096;

function systemHead(text: string): string {
  return text.length <= systemMatchChars ? text : text.slice(0, systemMatchChars);
}

/** Per-request memo of the one-scan system check. */
interface SystemProbe {
  any: RegExp | undefined;
  result: boolean | undefined;
}

function systemMayMatch(probe: SystemProbe, text: string): boolean {
  if (!probe.any) return true;
  probe.result ??= probe.any.test(systemHead(text));
  return probe.result;
}

function headersMatch(wanted: readonly [string, string][], headers: Record<string, string>): boolean {
  for (const [name, value] of wanted) {
    const actual = headers[name];
    if (actual === undefined || (value !== '*' && actual !== value)) return false;
  }
  return true;
}

function oneOf<T>(allowed: readonly T[] | undefined, actual: T | undefined): boolean {
  return allowed === undefined || (actual !== undefined && allowed.includes(actual));
}

// Cheap checks first; the system regex and the clock last.
export function ruleMatches(c: CompiledRule, input: RuleInput, probe: SystemProbe = { any: undefined, result: undefined }): boolean {
  if (c.hasTools !== undefined && c.hasTools !== input.toolCount > 0) return false;
  if (c.hasImages !== undefined && c.hasImages !== input.imageCount > 0) return false;
  if (c.tokensOver !== undefined && !(input.tokens > c.tokensOver)) return false;
  if (c.tokensUnder !== undefined && !(input.tokens < c.tokensUnder)) return false;
  if (!oneOf(c.intents, input.intent)) return false;
  if (!oneOf(c.difficulties, input.difficulty)) return false;
  if (!oneOf(c.tiers, input.tier)) return false;
  if (!oneOf(c.routes, input.route ?? undefined)) return false;
  if (c.models !== undefined && !c.models.some((m) => m.test(input.model))) return false;
  if (c.headers !== undefined && !headersMatch(c.headers, input.headers)) return false;
  if (c.ratingBelow !== undefined && !(input.rating !== undefined && input.rating < c.ratingBelow)) return false;
  if (c.system === null || c.hours === null) return false;
  if (c.system !== undefined && input.replay) return replayedSystem(c, c.system, input, input.replay);
  if (c.system !== undefined && (!systemMayMatch(probe, input.systemText) || !c.system.test(systemHead(input.systemText)))) return false;
  return inHours(c, input);
}

function inHours(c: CompiledRule, input: RuleInput): boolean {
  if (c.hours === null) return false;
  if (c.hours !== undefined || c.days !== undefined) {
    const local = localTime(input.now, input.tzOffsetMinutes);
    if (c.hours !== undefined && !inRange(local.minuteOfDay, c.hours)) return false;
    if (c.days !== undefined && !c.days.includes(local.day)) return false;
  }
  return true;
}

/** An unknown systemMatches counts as no match, and as a gap only when the rest of the rule matched. */
function replayedSystem(c: CompiledRule, re: RegExp, input: RuleInput, replay: SystemReplay): boolean {
  const matched = replay.systemMatch(re);
  if (matched === false || !inHours(c, input)) return false;
  if (matched === undefined) {
    replay.gaps.push(`systemMatches of rule ${c.name}`);
    return false;
  }
  return true;
}

export interface RuleOutcome {
  effect: RuleEffect;
  /** Which rule set each action last, for the trace. */
  setBy: Partial<Record<keyof RuleEffect, string>>;
  fired: RuleFired[];
}

export function evaluateRules(set: RuleSet, input: RuleInput): RuleOutcome {
  // Local and fresh per call, so building it in place is safe and spares a copy per fired rule.
  const effect: RuleEffect = {};
  const setBy: RuleOutcome['setBy'] = {};
  const fired: RuleFired[] = [];
  const probe: SystemProbe = { any: set.systemAny, result: undefined };
  for (const c of set.rules) {
    if (!ruleMatches(c, input, probe)) continue;
    const then = c.rule.then;
    for (const key of c.thenKeys) {
      setBy[key] = c.name;
      if (key === 'require') effect.require = mergeRequirements(effect.require, then.require);
      else (effect as Record<string, unknown>)[key] = then[key];
    }
    fired.push({ name: c.name, priority: c.priority, actions: c.actions });
    if (c.final) break;
  }
  return { effect, setBy, fired };
}
