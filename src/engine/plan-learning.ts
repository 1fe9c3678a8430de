// plan()'s steps for learning from outcomes: an experiment arm's overrides of the route, and the
// weighted scores and Thompson draws that the weighted adaptive and bandit orders sort by.
import type { Config, Strategy, Target } from '../config/schema.js';
import type { Weights } from '../config/experiment-schema.js';
import { banditScope, drawArm, type BanditBook } from './bandit.js';
import { assign, experimentFor, type Assignment } from './experiment.js';
import type { Scored } from './order.js';
import type { EntryOf } from './plan-steps.js';
import { distinct } from './prepare.js';
import type { Resolved } from './resolve.js';
import { normaliseWeights, qualityScore, scoreParts } from './weights.js';
import type { RequestFacts, RouterState } from './types.js';

export interface ArmChoice {
  resolved: Resolved;
  experiment?: Assignment;
  /** The arm's weights, else the route's (raw, not normalised). */
  weights?: Weights;
}

/** An arm replaces the route's targets, strategy or weights; a target a rule forced stays first. */
export function applyExperiment(
  resolved: Resolved,
  config: Config,
  facts: RequestFacts,
  decisionId: string,
  now: number,
  forcedTarget: string | undefined,
): ArmChoice {
  const route = resolved.route;
  if (!route || resolved.kind === 'direct') return { resolved, weights: route?.weights };
  const e = experimentFor(config.experiments, route.id, now);
  if (!e) return { resolved, weights: route.weights };
  const experiment = assign(e, facts, decisionId);
  const arm = e.arms[experiment.arm];
  if (!arm) return { resolved, experiment, weights: route.weights };
  let targets: Target[] = resolved.targets;
  if (arm.targets) {
    const forced = forcedTarget === undefined ? undefined : resolved.targets.find((t) => t.id === forcedTarget);
    targets = distinct(forced ? [forced, ...arm.targets] : arm.targets);
  }
  return {
    resolved: { ...resolved, targets, strategy: arm.strategy ?? resolved.strategy },
    experiment,
    weights: arm.weights ?? route.weights,
  };
}

export interface WeighContext {
  state: RouterState;
  entryOf: EntryOf;
  bandit?: BanditBook;
  random: () => number;
}

/**
 * Adds score parts (weighted adaptive, bandit) and draws (bandit) to the scored candidates.
 * Returns the normalised weights used, or undefined when the strategy ignores weights.
 */
export function weighAndDraw(
  scored: Scored[],
  strategy: Strategy,
  weights: Weights | undefined,
  scope: string | undefined,
  ctx: WeighContext,
): Weights | undefined {
  const weighted = strategy === 'bandit' || (strategy === 'adaptive' && weights !== undefined);
  if (!weighted || scored.length === 0) return undefined;
  const w = normaliseWeights(weights);
  let bestCost = Infinity;
  let bestLatency = Infinity;
  for (const s of scored) {
    bestCost = Math.min(bestCost, s.costUsd);
    bestLatency = Math.min(bestLatency, s.latencyMs);
  }
  const best = { costUsd: bestCost, latencyMs: bestLatency };
  for (const s of scored) {
    const quality = qualityScore(ctx.state.ratings?.[s.target.id], ctx.entryOf(s.target));
    s.parts = scoreParts(s.costUsd, s.latencyMs, quality, best, w);
  }
  if (strategy === 'bandit' && scope !== undefined) {
    const arms = ctx.bandit?.[scope];
    for (const s of scored) s.draw = drawArm(arms?.[s.target.id], ctx.random);
  }
  return w;
}

export { banditScope };
