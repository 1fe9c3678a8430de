// `router stats` for humans: a summary, the grouped table, daily composition with bars, failover
// drift with its causes, per-model distributions and (asked for) the heatmap.
import type { StatsDTO, StatsRowDTO } from '../../protocol/index.js';
import { bar, heatmapText, sparkline } from './charts.js';
import { palette } from './output.js';
import { usd } from './spend.js';
import { table } from './table.js';
import { plural } from './words.js';

const ms = (n: number | null) => (n === null ? '-' : n >= 10_000 ? `${(n / 1000).toFixed(1)}s` : `${Math.round(n)}ms`);
const pct = (n: number | null) => (n === null ? '-' : `${n}%`);
const count = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n));

function rowCells(r: StatsRowDTO): Array<string | number> {
  return [
    r.key,
    r.requests,
    pct(r.successPct),
    pct(r.failoverPct),
    `${ms(r.latencyP50Ms)} / ${ms(r.latencyP95Ms)}`,
    `${ms(r.ttftP50Ms)} / ${ms(r.ttftP95Ms)}`,
    `${count(r.tokensIn)} / ${count(r.tokensOut)}`,
    usd(r.costUsd),
  ];
}

export function statsText(s: StatsDTO): string {
  const c = palette();
  const out: string[] = [];
  const t = s.totals;
  out.push(c.bold(`${s.from} → ${s.to}${s.route ? `, route ${s.route}` : ''}`));
  out.push(
    `${plural(t.requests, 'request')}, ${pct(t.successPct)} ok, ${pct(t.failoverPct)} failed over, latency p50 ${ms(t.latencyP50Ms)} p95 ${ms(t.latencyP95Ms)}, TTFT p50 ${ms(t.ttftP50Ms)} p95 ${ms(t.ttftP95Ms)}, tokens ${count(t.tokensIn)} in / ${count(t.tokensOut)} out, cost ${usd(t.costUsd)}`,
  );
  if (t.requests === 0) return out.join('\n');
  out.push(
    '',
    table([s.by, 'requests', 'ok', 'failover', 'latency p50/p95', 'TTFT p50/p95', 'tokens in/out', 'cost'], s.rows.map(rowCells)),
  );

  out.push('', c.bold('daily share by model'));
  for (const d of s.composition) {
    out.push(`${d.day}  ${plural(d.requests, 'request')}`);
    for (const x of d.shares.slice(0, 6)) out.push(`  ${x.key.padEnd(32)} ${bar(x.pct / 100).padEnd(20)} ${x.pct}%`);
  }

  const dr = s.drift;
  out.push('', c.bold('planned → actual'));
  if (dr.requests === 0) out.push("every request was answered by the planner's first choice");
  else {
    out.push(
      `${plural(dr.requests, 'request')} left ${dr.requests === 1 ? 'its' : 'their'} first choice: ${dr.failedOver} answered elsewhere, ${dr.unanswered} not answered`,
    );
    for (const p of dr.pairs.slice(0, 8))
      out.push(
        `  ${p.planned} → ${p.actual ?? c.red('(no answer)')}  ${p.requests}  (${p.causes.map((x) => `${x.errorClass} ${x.requests}`).join(', ')})`,
      );
    out.push(`top errors: ${dr.topErrors.map((e) => `${e.errorClass} ${e.requests}`).join(', ')}`);
  }

  out.push('', c.bold('latency and cost per model'));
  out.push(
    table(
      ['model', 'requests', 'p50', 'p95', 'p99', 'cost p50', 'cost p95', 'avg cost', 'latency histogram'],
      s.distributions.map((d) => [
        d.target,
        d.requests,
        ms(d.latencyP50Ms),
        ms(d.latencyP95Ms),
        ms(d.latencyP99Ms),
        d.costP50Usd === null ? '-' : usd(d.costP50Usd),
        d.costP95Usd === null ? '-' : usd(d.costP95Usd),
        d.costAvgUsd === null ? '-' : usd(d.costAvgUsd),
        sparkline(d.latency.map((b) => b.requests)),
      ]),
    ),
  );
  if (s.heatmap) out.push('', heatmapText(s.heatmap));
  return out.join('\n');
}
