// Spend against budgets (80% and 100% marks), UVI pressure, and setting a budget.
import { useState } from 'preact/hooks';
import type { BudgetLineDTO } from '../../protocol/index.js';
import type { Act } from '../app.js';
import { usd } from '../format.js';
import type { Live } from '../live.js';

/** The bar's scale runs past 100% so an overspend shows. */
const SCALE_PCT = 125;

export function SpendPanel({ live, act }: { live: Live; act: Act }) {
  const b = live.budgets;
  return (
    <section class="card" data-testid="spend">
      <h2>Spend {b && <span class="muted">{b.day} UTC</span>}</h2>
      {!b ? (
        <p class="muted">loading…</p>
      ) : (
        <table>
          <tbody>
            {b.budgets.map((p) => (
              <tr key={p.provider} data-testid={`budget-${p.provider}`}>
                <td>{p.provider}</td>
                <td>
                  <Bar label="today" line={p.daily} />
                  <Bar label="month" line={p.monthly} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {b && b.budgets.length > 0 && <BudgetForm providers={b.budgets.map((p) => p.provider)} live={live} act={act} />}
      <h2>UVI</h2>
      {live.uvi && (
        <p class="muted">
          pacing {live.uvi.enabled ? 'on' : 'off'}
          {live.uvi.hard ? ', hard' : ''}
        </p>
      )}
      <table>
        <tbody>
          {(live.uvi?.providers ?? []).map((p) => (
            <tr key={p.provider}>
              <td>{p.provider}</td>
              <td>
                <span class={`badge ${p.pressure === 'blocked' || p.pressure === 'demoted' ? 'bad' : 'ok'}`}>{p.pressure}</span>
              </td>
              <td>
                {p.level} {p.uvi === null ? '' : `(${p.uvi.toFixed(2)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Bar({ label, line }: { label: string; line: BudgetLineDTO }) {
  const pct = line.pct ?? 0;
  const level = pct >= 100 ? 'bad' : pct >= 80 ? 'warn' : 'ok';
  return (
    <div class="budget">
      <span class="budget-label">
        {label}: {usd(line.spentUsd)}
        {line.limitUsd !== null ? ` of ${usd(line.limitUsd)} (${Math.round(pct)}%)` : ' (no budget)'}
      </span>
      {line.limitUsd !== null && (
        <div class="bar">
          <div class={`fill ${level}`} style={{ width: `${(Math.min(pct, SCALE_PCT) / SCALE_PCT) * 100}%` }} />
          <div class="mark" style={{ left: `${(80 / SCALE_PCT) * 100}%` }} title="80%" />
          <div class="mark hard" style={{ left: `${(100 / SCALE_PCT) * 100}%` }} title="100%" />
        </div>
      )}
    </div>
  );
}

function BudgetForm({ providers, live, act }: { providers: string[]; live: Live; act: Act }) {
  const [provider, setProvider] = useState(providers[0]!);
  const [amount, setAmount] = useState('');
  const [monthly, setMonthly] = useState(false);
  const usdValue = Number(amount);
  const valid = amount.trim() !== '' && Number.isFinite(usdValue) && usdValue >= 0;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!valid) return;
    act(`Set the ${monthly ? 'monthly' : 'daily'} budget of ${provider} to $${usdValue}?`, () =>
      live.rpc.call('budget.set', { provider, usd: usdValue, monthly }),
    );
  };
  return (
    <form class="inline" onSubmit={submit} data-testid="budget-form">
      <select value={provider} onChange={(e) => setProvider((e.target as HTMLSelectElement).value)}>
        {providers.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <input placeholder="USD" inputMode="decimal" value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
      <label>
        <input type="checkbox" checked={monthly} onChange={(e) => setMonthly((e.target as HTMLInputElement).checked)} /> monthly
      </label>
      <button disabled={!valid}>set budget</button>
    </form>
  );
}
