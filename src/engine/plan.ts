// plan(): one routing decision. Pure and cheap; runs on every request and in `router route --dry-run`.
// Stages: resolve the model -> shortcuts and signals -> rules -> a model named by the client must meet
// the request's needs -> filters (rule policy, capabilities, budget, health) -> order by strategy (config order in shadow mode) -> truncate.
import type { Config, Strategy, Target } from '../config/schema.js';
import { candidateTrace, mark, newBook } from './candidates.js';
import { filterCandidates } from './filter-candidates.js';
import { formatOffset } from './clock.js';
import { orderScored, score } from './order.js';
import { markOrder, ranker, ruleInput, steer } from './plan-steps.js';
import { catalogEntry, prepare, rulesFor } from './prepare.js';
import { mergeRequirements, namedModelRequirements, unmetRequirement } from './requirements.js';
import type { Resolved } from './resolve.js';
import { resolveModel } from './resolve.js';
import type { RuleOutcome } from './rules.js';
import { evaluateRules } from './rules.js';
import type { Signals } from './signals.js';
import type { LearnedModel } from './learned-score.js';
import { readSignals } from './signals.js';
import type { DecisionTrace, TraceSignals } from './trace.js';
import type { RequestFacts, RouterState } from './types.js';
import type { BanditArms, BanditBook } from './bandit.js';
import type { Assignment } from './experiment.js';
import { applyExperiment, banditScope, weighAndDraw } from './plan-learning.js';
import { hash32, seededRandom } from './random.js';
import type { Gaps, TextSummary } from './text-summary.js';
import { replaySystemMatch, summarySignals } from './text-summary.js';

export interface PlanOk {
  ok: true;
  decisionId: string;
  route: string | null;
  attempts: Target[];
  trace: DecisionTrace;
  /** The daemon replaces the last user text with strippedText before sending. name: e.g. "long,vision". */
  shortcut?: { name: string; strippedText: string };
  /** The state planned from (a reference; reducers never mutate it), stored with the decision's facts for replay. */
  state: RouterState;
  experiment?: Assignment;
  /** The bandit arms the draws came from (strategy: bandit), stored with the facts. */
  banditArms?: BanditArms;
  /** What the text gave (references, no copies): the recorder summarises them for replay. */
  signals: Signals;
  learned?: LearnedModel;
  /** Replay only: the inputs it could not re-evaluate without the text. */
  gaps?: Gaps;
}

export interface PlanErr {
  ok: false;
  status: 400 | 404;
  code: 'model_not_found' | 'route_not_found' | 'invalid_request';
  message: string;
  suggestions: string[];
}

export interface PlanOptions {
  /** Local time for rule `hours`/`days`: minutes east of UTC. Default 0 (UTC). */
  tzOffsetMinutes?: number;
  /** Analyse intent and difficulty even when no rule needs them (dry runs, explain). */
  analyze?: boolean;
  /** The learned difficulty model, when `router learn` stored one. */
  learned?: LearnedModel;
  /** Bandit posteriors per scope (strategy: bandit). */
  bandit?: BanditBook;
  /** Uniform [0, 1) source for bandit draws; default: seeded by the decision id, so replay draws the same. */
  random?: () => number;
  /** Replay from a stored summary instead of the text; `text`/`systemText`: the redacted text, when it was kept. */
  replay?: { summary: TextSummary; text?: string; systemText?: string };
}

/** Only the bandit draws; other strategies never call it. */
const noDraws = (): number => 0.5;

function traceSignals(s: Signals, tz: number): TraceSignals {
  return {
    tokens: s.estimate.input,
    contextClass: s.contextClass,
    intent: s.intent?.intent,
    intentConfidence: s.intent?.confidence,
    difficulty: s.difficulty?.difficulty,
    difficultyConfidence: s.difficulty?.confidence,
    difficultySource: s.difficulty?.source,
    difficultyScore: s.difficulty?.score,
    difficultyThreshold: s.difficulty?.threshold,
    difficultyQuality: s.difficulty?.quality,
    timezone: formatOffset(tz),
  };
}

/** The targets a client asked for by provider/model (not those a rule forced or a failover added). */
function namedTargets(resolved: Resolved): Target[] {
  return resolved.kind === 'direct' && resolved.requested ? resolved.targets.slice(0, resolved.requested) : [];
}

export function plan(
  facts: RequestFacts,
  state: RouterState,
  config: Config,
  now: number,
  decisionId: string,
  options: PlanOptions = {},
): PlanOk | PlanErr {
  const p = prepare(config);
  const tz = options.tzOffsetMinutes ?? 0;
  const first = resolveModel(facts, config, p, state);
  const set = rulesFor(p, first.ok ? (first.route?.id ?? null) : null);
  const routeQuality = first.ok && first.route ? config.routes[first.route.id]?.quality : undefined;
  const analyze = set.needsText || options.analyze === true;
  const r = options.replay;
  const gaps: Gaps | undefined = r && [];
  const signals =
    r && gaps
      ? summarySignals(facts, r.summary, analyze, options.learned, routeQuality, r.text, gaps)
      : readSignals(facts, analyze, options.learned, routeQuality);
  const replay = r && gaps && { systemMatch: (re: RegExp) => replaySystemMatch(re, r.summary, r.systemText), gaps };
  const notes: string[] = [];

  let resolved: Resolved;
  let rules: RuleOutcome;
  if (first.ok) {
    resolved = first;
    notes.push(...first.notes);
    rules = evaluateRules(set, ruleInput(facts, signals, state, first.route?.id ?? null, first.targets[0], now, tz, replay));
  } else {
    // An unknown model name may still be mapped by a rule (e.g. `when: {model: "claude-*"}, then: {route: strong}`).
    rules = evaluateRules(set, ruleInput(facts, signals, state, null, undefined, now, tz, replay));
    const { route, target } = rules.effect;
    if (facts.routeHeader || ((route === undefined || !config.routes[route]) && target === undefined)) {
      return { ok: false, status: 404, code: first.code, message: first.message, suggestions: first.suggestions };
    }
    resolved = {
      ok: true,
      kind: 'rule',
      route: null,
      targets: [],
      strategy: 'ordered',
      via: rules.setBy.route ?? rules.setBy.target,
      notes: [],
    };
  }
  resolved = steer(resolved, rules, facts, config, p, notes);
  const arm = applyExperiment(resolved, config, facts, decisionId, now, facts.routeHeader ? undefined : rules.effect.target);
  resolved = arm.resolved;

  const entryOf = (t: Target) => {
    const known = p.catalog.get(t.id);
    return known === undefined ? catalogEntry(config, t) : (known ?? undefined);
  };
  const wantedTier = rules.effect.tier ?? signals.shortcut.tier;
  const requirements = mergeRequirements(signals.requirements, rules.effect.require);
  const named = namedTargets(resolved);
  for (const t of named) {
    // The client asked for this model: another model's answer would be a silent substitution.
    const why = unmetRequirement(entryOf(t), namedModelRequirements(requirements));
    if (why !== undefined) return { ok: false, status: 400, code: 'invalid_request', message: `${t.id}: ${why}`, suggestions: [] };
  }
  // Route and alias lists are de-duplicated once per config; a rule target is inserted without duplicates.
  const book = newBook(resolved.targets);
  const pool = filterCandidates(
    book,
    resolved.targets,
    {
      rules,
      requirements,
      entryOf,
      config,
      state,
      now,
      named: new Set(named.map((t) => t.id)),
      inputTokens: signals.estimate.input,
      maxOutputTokens: facts.maxOutputTokens,
    },
    notes,
  );

  const strategy: Strategy = signals.shortcut.fastest ? 'fastest' : resolved.strategy;
  const scored = score(pool, {
    config,
    state,
    stream: facts.stream,
    inputTokens: signals.estimate.input,
    maxOutputTokens: facts.maxOutputTokens,
    entryOf,
    ruleRank: ranker(resolved, rules, wantedTier, entryOf),
  });
  const shadow = state.shadow && resolved.kind !== 'direct';
  const used: Strategy = shadow ? 'ordered' : strategy;
  const scope = used === 'bandit' && resolved.route ? banditScope(resolved.route.id, arm.experiment) : undefined;
  const weights = weighAndDraw(scored, used, arm.weights, scope, {
    state,
    entryOf,
    bandit: options.bandit,
    random: options.random ?? (scope === undefined ? noDraws : seededRandom(hash32(decisionId))),
  });
  const chosen = orderScored(scored, used);
  markOrder(book, chosen, used, shadow || used !== 'ordered', rules, wantedTier, entryOf);
  const max = config.failover.maxAttempts;
  const attempts = chosen.slice(0, max).map((s) => s.target);
  for (const s of chosen.slice(max)) mark(book, s.target, 'dropped', `beyond failover.maxAttempts (${max})`);
  if (shadow) notes.push('shadow mode: routed in config order; the adaptive order is recorded as shadowOrder');

  const routeId = resolved.route?.id ?? null;
  // Optional fields are written as undefined rather than spread in: one object shape, no temporaries.
  const trace: DecisionTrace = {
    id: decisionId,
    at: now,
    requestedModel: facts.model,
    routeHeader: facts.routeHeader,
    route: routeId,
    resolution: resolved.kind,
    via: resolved.via,
    strategy: used,
    shortcut: signals.shortcuts?.names.join(','),
    signals: traceSignals(signals, tz),
    requirements,
    wantedTier,
    rulesFired: rules.fired,
    candidates: candidateTrace(book),
    plannedOrder: attempts.map((t) => t.id),
    shadowOrder: shadow
      ? orderScored(scored, 'adaptive')
          .slice(0, max)
          .map((s) => s.target.id)
      : undefined,
    experiment: arm.experiment,
    weights,
    banditScope: scope,
    notes,
  };
  return {
    ok: true,
    decisionId,
    route: routeId,
    attempts,
    trace,
    shortcut:
      signals.shortcuts && trace.shortcut !== undefined
        ? { name: trace.shortcut, strippedText: signals.shortcuts.strippedText }
        : undefined,
    state,
    experiment: arm.experiment,
    banditArms: scope === undefined ? undefined : options.bandit?.[scope],
    signals,
    learned: options.learned,
    gaps,
  };
}
