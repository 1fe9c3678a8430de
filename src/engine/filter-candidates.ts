// The filter stages of plan() in order: rule policy (providers, billing), capabilities (stated
// ones before unknown ones), budgets (projected cost), budget/UVI blocks, health. Stages with nothing to do are skipped entirely.
import type { Config, ModelEntry, Target } from '../config/schema.js';
import type { CandidateBook } from './candidates.js';
import { budgetAuditStage } from './budget-stage.js';
import { applyStage, availabilityStage, budgetStage, capabilityStage, policyStage, statedCapabilityStage } from './filters.js';
import type { Requirements } from './requirements.js';
import type { RuleOutcome } from './rules.js';
import type { RouterState } from './types.js';

export interface FilterInput {
  rules: RuleOutcome;
  requirements: Requirements;
  entryOf: (t: Target) => ModelEntry | undefined;
  config: Config;
  state: RouterState;
  now: number;
  /** Targets the client named (provider/model): already checked against the requirements by plan(). */
  named: ReadonlySet<string>;
  /** For the budget audit's projected cost of this request. */
  inputTokens?: number;
  maxOutputTokens?: number;
}

function hasAny(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}

export function filterCandidates(book: CandidateBook, targets: Target[], x: FilterInput, notes: string[]): Target[] {
  let pool = targets;
  const { effect, setBy } = x.rules;
  if (effect.excludeProviders || effect.requireProvider !== undefined || effect.billing !== undefined) {
    pool = applyStage(book, pool, policyStage(effect, setBy, x.config), notes);
  }
  pool = applyStage(book, pool, capabilityStage(x.requirements, x.entryOf, x.named), notes);
  if (x.requirements.vision || x.requirements.reasoning)
    pool = applyStage(book, pool, statedCapabilityStage(x.requirements, x.entryOf, x.named), notes);
  if (x.state.budgets) pool = budgetAuditStage(book, pool, { ...x, inputTokens: x.inputTokens ?? 0 }, notes);
  if (x.state.pressure) pool = applyStage(book, pool, budgetStage(x.state), notes);
  if (hasAny(x.state.cooldowns) || hasAny(x.state.breakers)) pool = applyStage(book, pool, availabilityStage(x.state, x.now), notes);
  return pool;
}
