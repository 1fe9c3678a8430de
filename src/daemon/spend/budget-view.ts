// Effective budgets (config, overridden by the CLI) joined with spend from the rollups: the
// BudgetStat map the engine audits every request against, and what `router budget` shows.
import type { Config } from '../../config/schema.js';
import { BUDGET_WARN_RATIO, formatUsd, utcDay, utcMonth } from '../../engine/budget.js';
import type { BudgetStat } from '../../engine/types.js';
import type { BudgetDTO, BudgetLineDTO, BudgetsDTO } from '../../protocol/index.js';
import type { SpendReader } from '../../store/types.js';
import type { BudgetOverride, BudgetPeriod } from './overrides.js';

export interface Limit {
  limitUsd: number | null;
  source: BudgetLineDTO['source'];
}

export function effectiveLimit(config: Config, overrides: Record<string, BudgetOverride>, provider: string, period: BudgetPeriod): Limit {
  const o = overrides[provider]?.[period];
  const fromConfig = config.budgets[provider]?.[period];
  if (o === null) return { limitUsd: null, source: fromConfig === undefined ? 'none' : 'cleared' };
  if (o !== undefined) return { limitUsd: o, source: 'cli' };
  return fromConfig === undefined ? { limitUsd: null, source: 'none' } : { limitUsd: fromConfig, source: 'config' };
}

function spent(spend: SpendReader, provider: string, now: number): { day: number; month: number } {
  const day = utcDay(now);
  return { day: spend.day(provider, day), month: spend.range(provider, `${utcMonth(now)}-01`, day) };
}

/** Providers with a daily or monthly limit; the rest are absent (the engine skips them). */
export function budgetStats(
  config: Config,
  overrides: Record<string, BudgetOverride>,
  spend: SpendReader,
  now: number,
): Record<string, BudgetStat> {
  const out: Record<string, BudgetStat> = {};
  for (const provider of Object.keys(config.providers)) {
    const daily = effectiveLimit(config, overrides, provider, 'daily').limitUsd;
    const monthly = effectiveLimit(config, overrides, provider, 'monthly').limitUsd;
    if (daily === null && monthly === null) continue;
    const s = spent(spend, provider, now);
    const stat: BudgetStat = { day: utcDay(now), spentDay: s.day, month: utcMonth(now), spentMonth: s.month };
    if (daily !== null) stat.daily = daily;
    if (monthly !== null) stat.monthly = monthly;
    out[provider] = stat;
  }
  return out;
}

/** Spend already at >= 80% of a budget (no request projected): for `router status`. */
export function budgetWarning(provider: string, stat: BudgetStat): string | undefined {
  const lines: string[] = [];
  for (const [period, limit, used] of [
    ['daily', stat.daily, stat.spentDay],
    ['monthly', stat.monthly, stat.spentMonth],
  ] as const) {
    if (limit === undefined) continue;
    const ratio = limit > 0 ? used / limit : used > 0 ? Infinity : 0;
    if (ratio >= BUDGET_WARN_RATIO)
      lines.push(`${period} ${formatUsd(used)} of ${formatUsd(limit)}${ratio >= 1 ? ' (over)' : ` (${Math.round(ratio * 100)}%)`}`);
  }
  return lines.length ? `budget ${provider}: ${lines.join(', ')}` : undefined;
}

function line(limit: Limit, spentUsd: number): BudgetLineDTO {
  const pct =
    limit.limitUsd === null ? null : limit.limitUsd > 0 ? Math.round((spentUsd / limit.limitUsd) * 1000) / 10 : spentUsd > 0 ? 100 : 0;
  return { limitUsd: limit.limitUsd, source: limit.source, spentUsd, pct };
}

export function budgetsDto(config: Config, overrides: Record<string, BudgetOverride>, spend: SpendReader, now: number): BudgetsDTO {
  const stats = budgetStats(config, overrides, spend, now);
  const budgets: BudgetDTO[] = Object.entries(config.providers).map(([provider, p]) => {
    const s = stats[provider] ? { day: stats[provider].spentDay, month: stats[provider].spentMonth } : spent(spend, provider, now);
    const dto: BudgetDTO = {
      provider,
      billing: p.billing,
      daily: line(effectiveLimit(config, overrides, provider, 'daily'), s.day),
      monthly: line(effectiveLimit(config, overrides, provider, 'monthly'), s.month),
    };
    const warning = stats[provider] ? budgetWarning(provider, stats[provider]) : undefined;
    if (warning) dto.warning = warning;
    return dto;
  });
  return { day: utcDay(now), month: utcMonth(now), budgets };
}
