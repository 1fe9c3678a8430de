// The budget filter of plan(): each candidate's provider is audited at this request's projected
// cost. Over budget: dropped (unless every candidate is, then all are kept and the trace says why).
// Close to the budget: kept, with a warning in the candidate's reason and the trace notes.
import type { Config, ModelEntry, Target } from '../config/schema.js';
import { auditBudget, describeCheck, projectedRequestUsd, type BudgetAudit } from './budget.js';
import type { CandidateBook } from './candidates.js';
import { mark } from './candidates.js';
import { applyStage } from './filters.js';
import type { RouterState } from './types.js';

export interface BudgetStageInput {
  state: RouterState;
  config: Config;
  entryOf: (t: Target) => ModelEntry | undefined;
  inputTokens: number;
  maxOutputTokens?: number;
  now: number;
}

export function budgetAuditStage(book: CandidateBook, pool: Target[], x: BudgetStageInput, notes: string[]): Target[] {
  const budgets = x.state.budgets;
  if (!budgets) return pool;
  const audits = new Map<string, BudgetAudit>();
  for (const t of pool) {
    if (!budgets[t.provider]) continue;
    const audit = auditBudget(budgets[t.provider], projectedRequestUsd(t, x.config, x.entryOf(t), x.inputTokens, x.maxOutputTokens), x.now);
    if (audit.level !== 'ok') audits.set(t.id, audit);
  }
  if (audits.size === 0) return pool;
  const warned = new Set<string>();
  for (const t of pool) {
    const a = audits.get(t.id);
    if (a?.level !== 'warn' || !a.worst) continue;
    const why = `budget warning: ${describeCheck(t.provider, a.worst)}`;
    mark(book, t, 'kept', why);
    if (!warned.has(t.provider)) notes.push(why);
    warned.add(t.provider);
  }
  return applyStage(
    book,
    pool,
    {
      test: (t) => {
        const a = audits.get(t.id);
        return a?.level === 'over' && a.worst ? `over budget: ${describeCheck(t.provider, a.worst)}` : undefined;
      },
      whenNoneLeft: 'every candidate is over its budget; routing through them anyway rather than refusing the request',
      keptAnyway: 'kept: every candidate is over budget',
    },
    notes,
  );
}
