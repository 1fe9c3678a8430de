// A per-token provider with a monthly budget is a quota window of its own: spend so far against the
// budget, over the calendar month (UTC). No extra config needed.
import { utcMonth } from './budget.js';
import type { BudgetStat } from './types.js';
import type { QuotaWindow } from './uvi.js';

export function monthBounds(now: number): { start: number; end: number } {
  const d = new Date(now);
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/** undefined without a positive monthly budget. Spend of an earlier month counts as 0. */
export function budgetWindow(stat: BudgetStat | undefined, now: number): QuotaWindow | undefined {
  if (!stat || stat.monthly === undefined || !(stat.monthly > 0)) return undefined;
  const { start, end } = monthBounds(now);
  const spent = stat.month === utcMonth(now) ? stat.spentMonth : 0;
  return { name: 'month', source: 'budget', used: spent / stat.monthly, resetsAt: end, lengthMs: end - start };
}
