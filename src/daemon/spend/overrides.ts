// What `router budget set|clear` and `router uvi enable|disable|hard` changed at run time. Kept in
// the store's state table so it survives restarts, and beats the config until changed again.
import type { StateRepo } from '../../store/types.js';

export type BudgetPeriod = 'daily' | 'monthly';

/** A number: the CLI's budget; null: cleared (no budget even if the config has one). */
export type BudgetOverride = Partial<Record<BudgetPeriod, number | null>>;

export interface UviOverride {
  enabled?: boolean;
  hard?: boolean;
}

export const BUDGETS_KEY = 'spend.budgets';
const UVI_KEY = 'spend.uvi';

export class Overrides {
  constructor(private readonly repo: StateRepo) {}

  budgets(): Record<string, BudgetOverride> {
    return this.repo.get<Record<string, BudgetOverride>>(BUDGETS_KEY) ?? {};
  }

  /** undefined removes the override: the config's budget applies again. */
  setBudget(provider: string, period: BudgetPeriod, value: number | null | undefined): void {
    const all = this.budgets();
    const mine: BudgetOverride = { ...all[provider] };
    if (value === undefined) delete mine[period];
    else mine[period] = value;
    if (Object.keys(mine).length === 0) delete all[provider];
    else all[provider] = mine;
    this.repo.set(BUDGETS_KEY, all);
  }

  uvi(): UviOverride {
    return this.repo.get<UviOverride>(UVI_KEY) ?? {};
  }

  setUvi(change: UviOverride): UviOverride {
    const next = { ...this.uvi() };
    if (change.enabled !== undefined) next.enabled = change.enabled;
    if (change.hard !== undefined) next.hard = change.hard;
    this.repo.set(UVI_KEY, next);
    return next;
  }
}
