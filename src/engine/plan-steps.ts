// Helpers of plan(): rule input, rule steering, rule ranks, and marking the final order.
import type { Config, ModelEntry, Strategy, Target, Tier } from '../config/schema.js';
import type { CandidateBook } from './candidates.js';
import { mark } from './candidates.js';
import type { RuleRank, Scored } from './order.js';
import { rank, scoreCaveats } from './order.js';
import type { Prepared } from './prepare.js';
import { belowTier } from './requirements.js';
import type { Resolved } from './resolve.js';
import { resolveRuleTarget } from './resolve.js';
import type { RuleInput, RuleOutcome, SystemReplay } from './rules.js';
import type { Signals } from './signals.js';
import type { RequestFacts, RouterState } from './types.js';

export function ruleInput(
  facts: RequestFacts,
  s: Signals,
  state: RouterState,
  route: string | null,
  first: Target | undefined,
  now: number,
  tz: number,
  replay?: SystemReplay,
): RuleInput {
  const r = first ? state.ratings?.[first.id] : undefined;
  const total = r ? r.good + r.bad : 0;
  return {
    intent: s.intent?.intent,
    difficulty: s.difficulty?.difficulty,
    tier: s.tier,
    route,
    model: facts.model,
    headers: facts.headers,
    tokens: s.estimate.input,
    toolCount: facts.toolCount,
    imageCount: facts.imageCount,
    systemText: facts.systemText,
    now,
    tzOffsetMinutes: tz,
    rating: r && total > 0 ? r.good / total : undefined,
    replay,
  };
}

/** Rule `route` and `target` actions; skipped when the client forced a route with x-router-route. */
export function steer(resolved: Resolved, rules: RuleOutcome, facts: RequestFacts, config: Config, p: Prepared, notes: string[]): Resolved {
  const { effect, setBy } = rules;
  if (effect.route === undefined && effect.target === undefined) return resolved;
  if (facts.routeHeader) {
    notes.push('x-router-route given: rule route/target actions ignored');
    return resolved;
  }
  let out = resolved;
  if (effect.route !== undefined && effect.route !== resolved.route?.id) {
    const route = config.routes[effect.route];
    if (route) out = { ok: true, kind: 'rule', route, targets: route.targets, strategy: route.strategy, via: setBy.route, notes: [] };
    else notes.push(`rule ${setBy.route ?? ''} names unknown route "${effect.route}"; ignored`);
  }
  if (effect.target !== undefined) {
    const forced = resolveRuleTarget(effect.target, p);
    out = { ...out, targets: [forced, ...out.targets.filter((t) => t.id !== forced.id)], requested: undefined };
  }
  return out;
}

export type EntryOf = (t: Target) => ModelEntry | undefined;

export function ranker(resolved: Resolved, rules: RuleOutcome, wantedTier: Tier | undefined, entryOf: EntryOf): (t: Target) => RuleRank {
  const forced = new Set<string>();
  if (rules.effect.target !== undefined) forced.add(rules.effect.target);
  else for (const t of resolved.targets.slice(0, resolved.requested ?? 0)) forced.add(t.id);
  const preferred = new Set(rules.effect.preferProviders ?? []);
  return (t) => {
    if (forced.has(t.id)) return rank.forced;
    if (preferred.has(t.provider)) return rank.preferred;
    if (wantedTier !== undefined && belowTier(entryOf(t), wantedTier)) return rank.belowTier;
    return rank.normal;
  };
}

/** `recordScores`: put latency and cost into the trace (they decided the order, or shadow mode compares them). */
export function markOrder(
  book: CandidateBook,
  ordered: readonly Scored[],
  strategy: Strategy,
  recordScores: boolean,
  rules: RuleOutcome,
  wantedTier: Tier | undefined,
  entryOf: EntryOf,
): void {
  for (const s of ordered) {
    const t = s.target;
    if (s.ruleRank === rank.forced)
      mark(book, t, 'promoted', rules.effect.target === t.id ? `forced by rule ${rules.setBy.target ?? ''}`.trim() : 'requested by name');
    else if (s.ruleRank === rank.preferred) mark(book, t, 'promoted', `preferred provider (rule ${rules.setBy.preferProviders ?? ''})`);
    else if (s.ruleRank === rank.belowTier) mark(book, t, 'demoted', `tier ${entryOf(t)?.tier ?? '?'} below wanted ${wantedTier ?? '?'}`);
    else if (strategy === 'adaptive' && s.pressure !== 1) {
      const verdict = s.pressure < 1 ? 'promoted' : 'demoted';
      mark(book, t, verdict, `budget/UVI pressure: ${verdict}`);
    }
    if (!recordScores) continue;
    const note = book.get(t.id);
    if (!note) continue;
    note.latencyMs = s.latencyMs;
    note.costUsd = s.costUsd;
    note.score = s.parts;
    note.draw = s.draw;
    const caveat = scoreCaveats(s);
    if (caveat) note.reasons.push(caveat);
  }
}
