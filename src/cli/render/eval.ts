// `router eval` for people: one row per router, then accuracy against strong share as a small
// ASCII chart (rows = accuracy bands, columns = strong share 0..100%).
import type { EvalReport } from '../../learn/evaluate.js';
import type { LearnStatusDTO } from '../../protocol/index.js';
import { palette } from './output.js';
import { table } from './table.js';

const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const usd = (x: number | null): string => (x === null ? '—' : `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`);

const marks: Record<string, string> = { learned: 'L', heuristic: 'h', length: 'n', random: 'r', oracle: 'o' };
const chartRows = 8;

function chart(r: EvalReport): string {
  const lo = Math.min(r.weak.accuracy, ...r.routers.flatMap((x) => x.curve.map((p) => p.accuracy)));
  const hi = Math.max(r.strong.accuracy, ...r.routers.flatMap((x) => x.curve.map((p) => p.accuracy)));
  const steps = r.routers[0]?.curve.length ?? 0;
  const grid = Array.from({ length: chartRows }, () => Array.from({ length: steps }, () => ' '));
  const rowOf = (acc: number) => Math.round(((hi - acc) / Math.max(1e-9, hi - lo)) * (chartRows - 1));
  const targetRow = rowOf(r.targetAccuracy);
  grid[targetRow] = grid[targetRow]!.map(() => '·');
  // The learned router is drawn last so it stays visible where curves cross.
  for (const x of [...r.routers].reverse()) x.curve.forEach((p, s) => (grid[rowOf(p.accuracy)]![s] = marks[x.router] ?? '?'));
  const lines = grid.map((cells, i) => {
    const label = i === 0 ? pct(hi) : i === chartRows - 1 ? pct(lo) : i === targetRow ? 'target' : '';
    return `${label.padStart(7)} |${cells.map((c) => ` ${c} `).join('')}`;
  });
  lines.push(`${''.padStart(7)} +${'---'.repeat(steps)}`);
  lines.push(`${''.padStart(7)}  0%${' '.repeat(Math.max(0, 3 * steps - 8))}100%  strong share`);
  // A curve drawn over at every point (length often runs under learned) is named as hidden, not left
  // for the reader to look for.
  const drawn = new Set(grid.flat());
  lines.push(
    `${''.padStart(9)}${r.routers
      .map(({ router }) => {
        const m = marks[router] ?? '?';
        return `${m} ${router}${drawn.has(m) ? '' : ' (under the others)'}`;
      })
      .join('  ')}  · target`,
  );
  return lines.join('\n');
}

export function evalText(r: EvalReport): string {
  const c = palette();
  const head =
    `${r.items} items, ${r.method}. strong ${r.strong.model} ${pct(r.strong.accuracy)}, weak ${r.weak.model} ${pct(r.weak.accuracy)}; ` +
    `target ${pct(r.quality)} of strong = ${pct(r.targetAccuracy)}`;
  const rows = r.routers.map((x) => [x.router, pct(x.strongShare), x.apgr === null ? '—' : x.apgr.toFixed(3), usd(x.cost)]);
  return [c.bold(head), table(['router', `strong share @${pct(r.quality)}`, 'APGR', 'cost'], rows), '', chart(r)].join('\n');
}

/** Models since format 4 record how long they trained and whether held-out pseudo-families chose it (src/learn/transfer.ts). */
function epochsLine(transfer: unknown): string[] {
  const t = transfer as { epochs?: unknown; validated?: unknown } | null | undefined;
  if (typeof t?.epochs !== 'number') return [];
  return [
    t.validated === true
      ? `  trained ${t.epochs} epoch(s): the count that held up best on held-out pseudo-families`
      : `  trained ${t.epochs} epoch(s): too few items to validate the count on held-out pseudo-families`,
  ];
}

export function learnStatusText(s: LearnStatusDTO): string {
  if (s.version === null) return 'no learned model stored: the word lists decide difficulty (train one with: router learn --data FILE)';
  const m = s.meta ?? {};
  return [
    `learned model v${s.version}, stored ${s.createdAt}`,
    `  trained on ${String(m.items)} items of ${String(m.data)} (${String(m.strong)} over ${String(m.weak)})`,
    `  threshold ${s.threshold?.toFixed(4)}: strong share ${pct(typeof m.heldOutStrongShare === 'number' ? m.heldOutStrongShare : null)} at ${pct(typeof m.quality === 'number' ? m.quality : null)} quality on a held-out fifth`,
    ...epochsLine(m.transfer),
  ].join('\n');
}
