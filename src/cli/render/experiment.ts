// `router experiment list | report` for humans.
import type { ExperimentListItem, ExperimentReportDTO } from '../../protocol/index.js';
import { table } from './table.js';

const pct = (v: number) => `${v.toFixed(1)}%`;
const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)} ms`);
const usd = (v: number) => `$${v < 0.01 ? v.toFixed(6) : v.toFixed(4)}`;

export function experimentListText(items: ExperimentListItem[]): string {
  if (items.length === 0) return 'No experiments: add one under `experiments:` in the config (see docs/config.md).';
  return table(
    ['experiment', 'route', 'status', 'split', 'until', 'requests', 'last'],
    items.map((e) => [
      e.id,
      e.route ?? '-',
      e.status,
      e.split
        ? Object.entries(e.split)
            .map(([arm, share]) => `${arm} ${share}%`)
            .join(', ')
        : '-',
      e.until ?? '-',
      e.requests,
      e.last ?? '-',
    ]),
  );
}

export function experimentReportText(r: ExperimentReportDTO): string {
  const head = `experiment ${r.id} on route ${r.route ?? '?'} (${r.status}); control: ${r.control ?? '-'}`;
  const arms = table(
    ['arm', 'requests', 'success', 'p50', 'p95', 'cost/request', 'ratings'],
    r.arms.map((a) => [
      a.arm,
      a.requests,
      a.requests === 0 ? '-' : pct(a.successPct),
      ms(a.latencyP50Ms),
      ms(a.latencyP95Ms),
      usd(a.costPerRequestUsd),
      `${a.ratings.good} good, ${a.ratings.bad} bad`,
    ]),
  );
  const verdicts = r.comparisons.map((c) => `${c.arm} vs ${c.control}: ${c.verdict}`);
  return [head, '', arms, '', ...(verdicts.length ? verdicts : ['(one arm: nothing to compare)']), '', 'Intervals are 95%.'].join('\n');
}
