// Budget audit: would this request, at its projected cost, take a provider past its daily or
// monthly budget? >= 80% is a warning in the trace, >= 100% drops the provider from the candidates.
import type { Config, ModelEntry, Target } from '../config/schema.js';
import { costUsd } from './cost.js';
import type { BudgetStat } from './types.js';

export const BUDGET_WARN_RATIO = 0.8;
/** Same output assumption as the cost ordering: max_tokens alone would overstate costs wildly. */
const typicalOutputTokens = 1_000;

export type BudgetPeriod = 'daily' | 'monthly';

export interface BudgetCheck {
  period: BudgetPeriod;
  limitUsd: number;
  spentUsd: number;
  requestUsd: number;
  /** (spent + request) / limit; Infinity for a zero budget with any cost. */
  ratio: number;
}

export interface BudgetAudit {
  level: 'ok' | 'warn' | 'over';
  /** The period with the highest ratio, when the provider has any budget. */
  worst?: BudgetCheck;
}

export const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);
export const utcMonth = (now: number): string => new Date(now).toISOString().slice(0, 7);

function check(period: BudgetPeriod, limitUsd: number, spentUsd: number, requestUsd: number): BudgetCheck {
  const total = spentUsd + requestUsd;
  const ratio = limitUsd > 0 ? total / limitUsd : total > 0 ? Infinity : 0;
  return { period, limitUsd, spentUsd, requestUsd, ratio };
}

/** Spend figures of an earlier day or month than `now` are stale: that period has started afresh. */
export function auditBudget(stat: BudgetStat | undefined, requestUsd: number, now: number): BudgetAudit {
  if (!stat) return { level: 'ok' };
  let worst: BudgetCheck | undefined;
  if (stat.daily !== undefined) worst = check('daily', stat.daily, stat.day === utcDay(now) ? stat.spentDay : 0, requestUsd);
  if (stat.monthly !== undefined) {
    const monthly = check('monthly', stat.monthly, stat.month === utcMonth(now) ? stat.spentMonth : 0, requestUsd);
    if (!worst || monthly.ratio > worst.ratio) worst = monthly;
  }
  if (!worst) return { level: 'ok' };
  // A zero budget with a free request is not over: "spend nothing" still allows free models.
  const over = worst.ratio >= 1 && !(worst.limitUsd === 0 && worst.spentUsd + worst.requestUsd === 0);
  return { level: over ? 'over' : worst.ratio >= BUDGET_WARN_RATIO ? 'warn' : 'ok', worst };
}

export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd >= 1 ? 2 : 4)}`;
}

function percent(ratio: number): string {
  return Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : 'over 100%';
}

/** "daily budget $0.0100: $0.0000 spent + ~$0.0300 this request = 300%" */
export function describeCheck(provider: string, c: BudgetCheck): string {
  return `${provider} ${c.period} budget ${formatUsd(c.limitUsd)}: ${formatUsd(c.spentUsd)} spent + ~${formatUsd(c.requestUsd)} this request = ${percent(c.ratio)}`;
}

/** Subscriptions cost nothing per request; no price known: 0 (the ledger prices it the same way). */
export function projectedRequestUsd(
  t: Target,
  config: Config,
  entry: ModelEntry | undefined,
  inputTokens: number,
  maxOutputTokens: number | undefined,
): number {
  if ((t.billing ?? config.providers[t.provider]?.billing) === 'subscription') return 0;
  const outputTokens = Math.min(maxOutputTokens ?? typicalOutputTokens, typicalOutputTokens);
  return costUsd({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }, entry);
}
