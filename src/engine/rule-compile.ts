// Rules compiled once per config: every condition in one fixed object shape (so matching reads
// monomorphic properties), regexes and time ranges parsed, lists turned into arrays.
import type { Rule, Tier } from '../config/schema.js';
import type { DayName, MinuteRange } from './clock.js';
import { parseHours } from './clock.js';
import type { Difficulty } from './difficulty.js';

export interface CompiledRule {
  rule: Rule;
  name: string;
  priority: number;
  final: boolean;
  hasTools: boolean | undefined;
  hasImages: boolean | undefined;
  tokensOver: number | undefined;
  tokensUnder: number | undefined;
  intents: string[] | undefined;
  difficulties: Difficulty[] | undefined;
  tiers: Tier[] | undefined;
  routes: string[] | undefined;
  models: RegExp[] | undefined;
  /** Lower-cased header names with the wanted value ('*' = present). */
  headers: [string, string][] | undefined;
  ratingBelow: number | undefined;
  /** undefined: no systemMatches; null: the pattern does not compile, so the rule never matches. */
  system: RegExp | null | undefined;
  hours: MinuteRange | null | undefined;
  days: DayName[] | undefined;
  /** The `then` keys, and the actions as the trace prints them ("route=fast"). */
  thenKeys: (keyof Rule['then'])[];
  actions: string[];
}

/** A list of rules in evaluation order plus what can be decided once for the whole list. */
export interface RuleSet {
  rules: CompiledRule[];
  /**
   * All systemMatches patterns as one alternation: one scan usually proves that none of them
   * matches (one alternation costs about what one pattern costs). Undefined when no rule needs it.
   */
  systemAny?: RegExp;
  /** Some rule looks at intent, difficulty or tier, so the prompt text must be analysed. */
  needsText: boolean;
}

const compiled = new WeakMap<Rule, CompiledRule>();

/** Model conditions: exact names, case-insensitive, with `*` as a wildcard ("claude-*"). */
function glob(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 'i');
}

function list<T>(value: T | T[] | undefined): T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

function compileSystem(source: string | undefined): RegExp | null | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source, 'i');
  } catch {
    return null;
  }
}

/** Keyed by the rule object, so a reloaded config compiles afresh and the old entries are collected. */
export function compileRule(rule: Rule, name: string): CompiledRule {
  const hit = compiled.get(rule);
  if (hit) return hit;
  const w = rule.when;
  const c: CompiledRule = {
    rule,
    name,
    priority: rule.priority,
    final: rule.final,
    hasTools: w.hasTools,
    hasImages: w.hasImages,
    tokensOver: w.tokensOver,
    tokensUnder: w.tokensUnder,
    intents: list(w.intent),
    difficulties: list(w.difficulty),
    tiers: list(w.tier),
    routes: list(w.route),
    models: list(w.model)?.map(glob),
    headers: w.header ? Object.entries(w.header).map(([k, v]): [string, string] => [k.toLowerCase(), v]) : undefined,
    ratingBelow: w.ratingBelow,
    system: compileSystem(w.systemMatches),
    hours: w.hours === undefined ? undefined : (parseHours(w.hours) ?? null),
    days: w.days,
    thenKeys: Object.keys(rule.then) as (keyof Rule['then'])[],
    actions: Object.entries(rule.then).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`),
  };
  compiled.set(rule, c);
  return c;
}

function combineSystem(rules: readonly CompiledRule[]): RegExp | undefined {
  const sources: string[] = [];
  for (const c of rules) {
    if (!c.system) continue;
    // Back-references and named groups would change meaning or clash once patterns are combined.
    if (/\\[1-9k]|\(\?<[A-Za-z]/.test(c.system.source)) return undefined;
    sources.push(`(?:${c.system.source})`);
  }
  if (sources.length === 0) return undefined;
  try {
    return new RegExp(sources.join('|'), 'i');
  } catch {
    return undefined;
  }
}

/** Global rules and a route's own rules as one list in evaluation order. */
export function ruleSet(global: readonly Rule[], route: readonly Rule[] | undefined, routeId: string | null): RuleSet {
  const rules = [
    ...global.map((rule, i) => compileRule(rule, rule.name ?? `rules[${i}]`)),
    ...(route ?? []).map((rule, i) => compileRule(rule, rule.name ?? `routes.${routeId ?? '?'}.rules[${i}]`)),
  ];
  // Array.prototype.sort is stable, so ties keep file order.
  rules.sort((a, b) => a.priority - b.priority);
  const needsText = rules.some((c) => c.intents !== undefined || c.difficulties !== undefined || c.tiers !== undefined);
  const systemAny = combineSystem(rules);
  return { rules, needsText, ...(systemAny ? { systemAny } : {}) };
}
