// `router explain`: a decision trace for humans: what was asked, how it resolved, every candidate
// and why it was kept, dropped, promoted or demoted, the rules that fired, and what happened.
import type { CandidateTrace, DecisionTrace } from '../../engine/trace.js';
import type { AttemptDTO } from '../../protocol/index.js';
import { palette } from './output.js';
import { table } from './table.js';

export interface Explainable {
  decisionId: string;
  at: string;
  trace: DecisionTrace;
  /** The API the client spoke (openai, anthropic, responses); absent for an offline `router route`. */
  clientFormat?: string;
  attempts?: AttemptDTO[];
  target?: string | null;
  status?: number;
  rating?: { rating: 'good' | 'bad'; comment?: string };
  ratings?: Record<string, { good: number; bad: number }>;
}

export function explainText(d: Explainable): string {
  const c = palette();
  const t = d.trace;
  const out: string[] = [];
  out.push(`${c.bold('decision')} ${d.decisionId}  ${d.at}${d.clientFormat ? `  (${d.clientFormat} client)` : ''}`);
  out.push(
    `requested ${t.requestedModel}${t.routeHeader ? ` (x-router-route: ${t.routeHeader})` : ''} → ${t.resolution}${t.via ? ` via ${t.via}` : ''}, route ${t.route ?? '(none)'}, strategy ${t.strategy}`,
  );
  if (t.shortcut) out.push(`shortcut @${t.shortcut}`);
  if (t.signals) {
    const s = t.signals;
    const parts = [`~${s.tokens} tokens (${s.contextClass})`];
    if (s.intent) parts.push(`intent ${s.intent} (${pct(s.intentConfidence)})`);
    const how =
      s.difficultySource === 'header'
        ? 'header'
        : s.difficultySource === 'learned'
          ? `learned score ${s.difficultyScore?.toFixed(3)}${s.difficultyThreshold === undefined ? '' : `, threshold ${s.difficultyThreshold.toFixed(3)}`}${s.difficultyQuality === undefined ? '' : ` for quality ${s.difficultyQuality}`}`
          : pct(s.difficultyConfidence);
    if (s.difficulty) parts.push(`difficulty ${s.difficulty} (${how})`);
    out.push(parts.join(', '));
  }
  if (t.requirements && Object.keys(t.requirements).length) out.push(`requires ${JSON.stringify(t.requirements)}`);
  if (t.wantedTier) out.push(`wanted tier ${t.wantedTier}`);
  if (t.experiment) out.push(`experiment ${t.experiment.id}: arm ${t.experiment.arm} (assigned by ${t.experiment.key})`);
  if (t.weights)
    out.push(
      `weights: cost ${t.weights.cost.toFixed(2)}, latency ${t.weights.latency.toFixed(2)}, quality ${t.weights.quality.toFixed(2)}`,
    );
  if (t.banditScope) out.push(`bandit: Thompson draws from the posteriors of ${t.banditScope}; the highest draw goes first`);
  out.push('');
  out.push(
    table(
      ['candidate', 'verdict', 'why'],
      t.candidates.map((x) => [
        x.target,
        colourVerdict(x.verdict),
        whyOf(x) + (x.latencyMs !== undefined ? ` (latency ${Math.round(x.latencyMs)} ms)` : '') + scoreOf(x),
      ]),
    ),
  );
  if (t.rulesFired.length) {
    out.push('', 'rules fired:');
    for (const r of t.rulesFired) out.push(`  ${r.name} (priority ${r.priority}): ${r.actions.join(', ')}`);
  }
  out.push('', `planned order: ${t.plannedOrder.join(' → ') || '(nothing)'}`);
  if (t.shadowOrder) out.push(`shadow (adaptive) order: ${t.shadowOrder.join(' → ')}`);
  for (const n of t.notes) out.push(`note: ${n}`);
  if (d.attempts?.length) {
    out.push('');
    out.push(
      table(
        ['#', 'attempt', 'outcome', 'status', 'ttft', 'latency', 'tokens in/out'],
        d.attempts.map((a) => [
          a.seq,
          a.target,
          a.outcome + (a.errorClass ? ` (${a.errorClass})` : ''),
          a.status ?? '-',
          a.ttftMs === undefined ? '-' : `${a.ttftMs} ms`,
          `${a.latencyMs} ms`,
          `${a.tokensIn}/${a.tokensOut}`,
        ]),
      ),
    );
  }
  if (d.target !== undefined) out.push(`answered by ${d.target ?? '(nobody)'}${d.status ? `, HTTP ${d.status}` : ''}`);
  if (d.ratings)
    out.push(
      `ratings: ${Object.entries(d.ratings)
        .map(([t, r]) => `${t} ${r.good} good / ${r.bad} bad (${Math.round((r.good / Math.max(1, r.good + r.bad)) * 100)}%)`)
        .join(', ')}`,
    );
  if (d.rating) out.push(`rated ${d.rating.rating}${d.rating.comment ? `: ${d.rating.comment}` : ''}`);
  return out.join('\n');
}

/** The engine notes only what changed a candidate; an untouched one still gets a reason in words. */
function whyOf(x: CandidateTrace): string {
  if (x.reason) return x.reason;
  switch (x.verdict) {
    case 'kept':
      return 'meets every requirement';
    case 'promoted':
      return 'moved up';
    case 'demoted':
      return 'moved down';
    default:
      return 'dropped';
  }
}

function pct(n?: number): string {
  return n === undefined ? '?' : `${Math.round(n * 100)}%`;
}

function colourVerdict(v: string): string {
  const c = palette();
  return v === 'dropped' ? c.red(v) : v === 'promoted' ? c.green(v) : v === 'demoted' ? c.yellow(v) : v;
}

/** Score parts (route weights, bandit) and the bandit's draw, when the strategy used them. */
function scoreOf(x: CandidateTrace): string {
  const parts: string[] = [];
  if (x.score)
    parts.push(
      `score ${x.score.total.toFixed(3)} = cost ${x.score.cost.toFixed(3)} + latency ${x.score.latency.toFixed(3)} + quality ${x.score.quality.toFixed(3)}`,
    );
  if (x.draw !== undefined) parts.push(`draw ${x.draw.toFixed(3)}`);
  return parts.length ? ` [${parts.join('; ')}]` : '';
}
