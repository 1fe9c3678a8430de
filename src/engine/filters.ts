// Filter stages of plan(). Each drops candidates with a reason; a stage that would leave nothing
// falls back to its input and says so, because a plan with a doubtful target beats no plan.
import type { Config, ModelEntry, Target } from '../config/schema.js';
import type { CandidateBook } from './candidates.js';
import { mark } from './candidates.js';
import { isAvailable } from './reduce.js';
import type { Requirements } from './requirements.js';
import { unmetRequirement, unstatedCapability } from './requirements.js';
import type { RuleEffect } from './rules.js';
import type { RouterState } from './types.js';

export interface Stage {
  /** Reason to drop the target, or undefined to keep it. */
  test: (t: Target) => string | undefined;
  /** Note for the trace when every candidate failed the stage. */
  whenNoneLeft: string;
  /** What happens to the candidates then: they are kept, with this reason. */
  keptAnyway: string;
}

export function applyStage(book: CandidateBook, targets: Target[], stage: Stage, notes: string[]): Target[] {
  // Usually nothing is dropped: find the first casualty before allocating anything.
  let i = 0;
  let firstWhy: string | undefined;
  for (; i < targets.length; i++) {
    firstWhy = stage.test(targets[i] as Target);
    if (firstWhy !== undefined) break;
  }
  if (firstWhy === undefined) return targets;
  const kept: Target[] = targets.slice(0, i);
  const dropped: [Target, string][] = [[targets[i] as Target, firstWhy]];
  for (i++; i < targets.length; i++) {
    const t = targets[i] as Target;
    const why = stage.test(t);
    if (why === undefined) kept.push(t);
    else dropped.push([t, why]);
  }
  if (kept.length > 0 || targets.length === 0) {
    for (const [t, why] of dropped) mark(book, t, 'dropped', why);
    return kept;
  }
  notes.push(stage.whenNoneLeft);
  for (const [t, why] of dropped) mark(book, t, 'kept', `${why}; ${stage.keptAnyway}`);
  return [...targets];
}

export function policyStage(effect: RuleEffect, setBy: Partial<Record<keyof RuleEffect, string>>, config: Config): Stage {
  const exclude = new Set(effect.excludeProviders ?? []);
  return {
    test: (t) => {
      if (exclude.has(t.provider)) return `provider excluded by rule ${setBy.excludeProviders ?? ''}`.trim();
      if (effect.requireProvider !== undefined && t.provider !== effect.requireProvider) {
        return `rule ${setBy.requireProvider ?? ''} requires provider ${effect.requireProvider}`;
      }
      const billing = t.billing ?? config.providers[t.provider]?.billing ?? 'per-token';
      if (effect.billing !== undefined && billing !== effect.billing)
        return `billing ${billing}, rule ${setBy.billing ?? ''} wants ${effect.billing}`;
      return undefined;
    },
    whenNoneLeft: 'rules excluded every candidate; ignoring their provider and billing filters',
    keptAnyway: 'kept: the rules left nothing else',
  };
}

/** `named`: targets the client asked for by name; plan() has checked them already (and refused on a miss). */
export function capabilityStage(req: Requirements, entryOf: (t: Target) => ModelEntry | undefined, named: ReadonlySet<string>): Stage {
  return {
    test: (t) => (named.has(t.id) ? undefined : unmetRequirement(entryOf(t), req)),
    whenNoneLeft: 'no candidate meets the requirements; falling back to the unconstrained list',
    keptAnyway: 'kept: nothing meets the requirements',
  };
}

/** After capabilityStage: a model whose vision/reasoning is unknown gives way to one known to have it. */
export function statedCapabilityStage(
  req: Requirements,
  entryOf: (t: Target) => ModelEntry | undefined,
  named: ReadonlySet<string>,
): Stage {
  const wanted = [req.vision ? 'vision' : undefined, req.reasoning ? 'reasoning' : undefined].filter(Boolean).join(' and ');
  return {
    test: (t) => {
      const unstated = named.has(t.id) ? undefined : unstatedCapability(entryOf(t), req);
      return unstated && `${unstated} unknown; a model known to have it is available`;
    },
    whenNoneLeft: `no candidate is known to have ${wanted}; trying models whose capabilities are unknown`,
    keptAnyway: 'kept: no model is known to have it',
  };
}

export function budgetStage(state: RouterState): Stage {
  return {
    test: (t) => (state.pressure?.[t.provider] === 'blocked' ? `provider ${t.provider} blocked by budget/UVI` : undefined),
    whenNoneLeft: 'every candidate is blocked by budget/UVI; routing through them anyway rather than refusing the request',
    keptAnyway: 'kept: everything is blocked',
  };
}

export function availabilityStage(state: RouterState, now: number): Stage {
  return {
    test: (t) => {
      const a = isAvailable(state, t, now);
      return a.ok ? undefined : (a.why ?? 'unavailable');
    },
    whenNoneLeft: 'every candidate is unavailable; trying them anyway',
    keptAnyway: 'kept although unavailable: nothing else is left',
  };
}
