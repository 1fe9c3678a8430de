// `router replay` for humans.
import type { ReplayDTO } from '../../protocol/index.js';
import { table } from './table.js';
import { plural } from './words.js';

const usd = (v: number) => `$${v.toFixed(4)}`;
const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)} ms`);

export function replayText(r: ReplayDTO): string {
  if (r.decisions === 0) {
    const skipped = r.skipped ? ` (${plural(r.skipped, 'decision')} stored in a format this version cannot re-plan)` : '';
    return `No recorded decisions with facts since ${r.since}${r.route ? ` on route ${r.route}` : ''}${skipped}.`;
  }
  const targets = [...new Set([...Object.keys(r.before), ...Object.keys(r.after)])].sort();
  const mix = table(
    ['target', 'before', 'after'],
    targets.map((t) => [t, r.before[t] ?? 0, r.after[t] ?? 0]),
  );
  const lines = [
    `Replayed ${plural(r.decisions, 'decision')} since ${r.since}${r.route ? ` on route ${r.route}` : ''} under ${r.config}; no upstream was called.`,
    `${r.changed} changed target (${r.changedPct.toFixed(1)}%).`,
    '',
    mix,
    '',
    `cost at catalog prices: ${usd(r.cost.beforeUsd)} before, ${usd(r.cost.afterUsd)} after (recorded: ${usd(r.cost.recordedUsd)})` +
      (r.cost.unpriced ? `; ${plural(r.cost.unpriced, 'target')} without a price counted as $0` : ''),
    `latency (measured means): ${ms(r.latency.beforeMs)} before, ${ms(r.latency.afterMs)} after` +
      (r.latency.unmeasured ? `; ${plural(r.latency.unmeasured, 'decision')} go to targets with no measured latency` : ''),
  ];
  if (r.unevaluated) {
    lines.push(
      `${plural(r.unevaluated, 'decision')} could not be fully re-evaluated without the prompt text (kept only with ledger.capturePrompts); ` +
        'those inputs counted as not matching:',
      ...Object.entries(r.gaps).map(([gap, n]) => `  ${gap}: ${n}`),
    );
  }
  if (r.skipped) lines.push(`${plural(r.skipped, 'decision')} skipped: stored facts of another version`);
  if (r.examples.length)
    lines.push('', 'for example (router explain ID):', ...r.examples.map((e) => `  ${e.decisionId}: ${e.before} -> ${e.after}`));
  return lines.join('\n');
}
