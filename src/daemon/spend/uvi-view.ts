// The quota windows of each provider (its usage endpoint's, plus per-token spend against a monthly
// budget) and what `router uvi show` prints about them.
import type { Config } from '../../config/schema.js';
import type { BudgetStat } from '../../engine/types.js';
import { pressureOf, providerUvi, type QuotaWindow, type WindowUvi } from '../../engine/uvi.js';
import { budgetWindow } from '../../engine/uvi-budget.js';
import type { UviDTO, UviProviderDTO, UviWindowDTO } from '../../protocol/index.js';
import type { Snapshot } from '../quota/poller.js';

export type QuotaSnapshot = Snapshot<QuotaWindow[]>;

export function uviWindows(
  config: Config,
  budgets: Readonly<Record<string, BudgetStat>>,
  quota: (provider: string) => QuotaSnapshot | undefined,
  now: number,
): Record<string, QuotaWindow[]> {
  const out: Record<string, QuotaWindow[]> = {};
  for (const [provider, p] of Object.entries(config.providers)) {
    const list: QuotaWindow[] = [...(quota(provider)?.value ?? [])];
    const month = p.billing === 'per-token' ? budgetWindow(budgets[provider], now) : undefined;
    if (month) list.push(month);
    if (list.length > 0) out[provider] = list;
  }
  return out;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

function windowDto(w: WindowUvi): UviWindowDTO {
  const dto: UviWindowDTO = {
    name: w.name,
    source: w.source,
    usedPct: round(w.used * 100, 1),
    elapsedPct: w.elapsed === undefined ? null : round(w.elapsed * 100, 1),
    uvi: round(w.uvi, 2),
    level: w.level,
    resetsAt: w.resetsAt === undefined ? null : new Date(w.resetsAt).toISOString(),
  };
  if (w.stale) dto.stale = true;
  return dto;
}

export function uviDto(
  enabled: boolean,
  hard: boolean,
  windows: Record<string, QuotaWindow[]>,
  snapshots: readonly QuotaSnapshot[],
  now: number,
): UviDTO {
  const providers = new Set([...Object.keys(windows), ...snapshots.map((s) => s.source.provider)]);
  const out: UviProviderDTO[] = [...providers].sort().map((provider) => {
    const u = providerUvi(windows[provider] ?? [], now);
    const snap = snapshots.find((s) => s.source.provider === provider);
    const dto: UviProviderDTO = {
      provider,
      level: u.level,
      pressure: enabled ? pressureOf(u.level, hard) : 'normal',
      uvi: u.uvi === undefined ? null : round(u.uvi, 2),
      windows: u.windows.map(windowDto),
      fetchedAt: snap?.fetchedAt === undefined ? null : new Date(snap.fetchedAt).toISOString(),
    };
    if (snap?.error) dto.error = snap.error;
    return dto;
  });
  return { enabled, hard, providers: out };
}
