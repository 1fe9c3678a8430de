// Renderings of budgets, balances and UVI pacing.
import type { BalancesDTO, BudgetLineDTO, BudgetsDTO, UviDTO, UviProviderDTO } from '../../protocol/index.js';
import { palette } from './output.js';
import { table } from './table.js';

/** Cents for dollars, four places for cents, two significant digits below that (per-request costs). */
export function usd(n: number): string {
  if (n === 0 || Math.abs(n) >= 1) return `$${n.toFixed(2)}`;
  return Math.abs(n) >= 0.0001 ? `$${n.toFixed(4)}` : `$${n.toPrecision(2)}`;
}

function budgetCell(l: BudgetLineDTO): string {
  const c = palette();
  if (l.limitUsd === null) return `${usd(l.spentUsd)}${l.source === 'cleared' ? ' (cleared)' : ''}`;
  const text = `${usd(l.spentUsd)} / ${usd(l.limitUsd)} (${l.pct ?? 0}%)${l.source === 'cli' ? ' cli' : ''}`;
  const pct = l.pct ?? 0;
  return pct >= 100 ? c.red(text) : pct >= 80 ? c.yellow(text) : text;
}

export function budgetsText(b: BudgetsDTO): string {
  const rows = b.budgets.map((x) => [x.provider, x.billing, budgetCell(x.daily), budgetCell(x.monthly)]);
  const out = [table(['provider', 'billing', `today (${b.day})`, `this month (${b.month})`], rows)];
  for (const x of b.budgets) if (x.warning) out.push(palette().yellow(`warning: ${x.warning}`));
  return out.join('\n');
}

export function balancesText(b: BalancesDTO): string {
  if (b.balances.length === 0)
    return 'no provider has a balance endpoint (set `balance: { url, path }` on a provider; DeepSeek needs nothing)';
  const c = palette();
  return table(
    ['provider', 'balance', 'available', 'fetched', 'error'],
    b.balances.map((x) => [
      x.provider,
      x.amounts
        .map((a) => `${a.total.toFixed(2)}${a.currency ? ` ${a.currency}` : ''}${a.granted ? ` (granted ${a.granted.toFixed(2)})` : ''}`)
        .join(', ') || '-',
      x.available === null ? '?' : x.available ? 'yes' : c.red('no'),
      x.fetchedAt ?? 'never',
      x.error ? c.red(x.error) : '',
    ]),
  );
}

function levelText(p: UviProviderDTO): string {
  const c = palette();
  const text = p.pressure === 'normal' ? p.level : `${p.level} → ${p.pressure}`;
  return p.level === 'critical' ? c.red(text) : p.level === 'stressed' ? c.yellow(text) : p.level === 'surplus' ? c.green(text) : text;
}

export function uviText(u: UviDTO): string {
  const head = `UVI pacing ${u.enabled ? 'on' : 'off'}, hard mode ${u.hard ? 'on' : 'off'}${u.enabled ? '' : ' (verdicts below are not applied: router uvi enable)'}`;
  if (u.providers.length === 0)
    return `${head}\nno quota windows: give a provider a \`quota\` source, or a per-token provider a monthly budget`;
  const rows = u.providers.flatMap((p) => {
    const windows = p.windows.length ? p.windows : [null];
    return windows.map((w, i) => [
      i === 0 ? p.provider : '',
      i === 0 ? levelText(p) : '',
      w ? `${w.name} (${w.source})` : '-',
      w ? `${w.usedPct}%` : '-',
      w ? (w.elapsedPct === null ? 'reset unknown' : `${w.elapsedPct}%`) : '-',
      w ? (w.stale ? 'stale' : w.uvi.toFixed(2)) : '-',
      w?.resetsAt ?? '-',
      i === 0 ? (p.error ? palette().red(p.error) : (p.fetchedAt ?? '')) : '',
    ]);
  });
  return `${head}\n${table(['provider', 'verdict', 'window', 'used', 'elapsed', 'UVI', 'resets', 'fetched'], rows)}`;
}
