// `router learn --from-ledger`: turns recorded traffic into the labelled items `router learn --data`
// reads. Pure: exchanges in, items and counts out.
//
// Evidence per target that tried a request: a `router rate` good (1) or bad (0) for the target it
// names; an answer held back for escalation (0) and the escalated answer that was kept (1); an
// attempt refused for context length (0: the model cannot take this prompt). Operational failures
// (rate limits, timeouts, outages) say nothing about the prompt and are not labels.
import type { LabeledItem } from './dataset.js';

export interface LedgerExchange {
  decisionId: string;
  prompt: string;
  /** The prompt's length before redaction and truncation. */
  chars?: number;
  attempts: ReadonlyArray<{ target: string; outcome: string; errorClass?: string }>;
  rating?: { rating: 'good' | 'bad'; target: string | null };
}

export interface LedgerLabels {
  items: LabeledItem[];
  /** Requests with a captured prompt; those that got a label for the weak/strong pair; by weak outcome. */
  captured: number;
  labelled: number;
  weakFailed: number;
  weakFine: number;
}

/** Fewer labelled requests than this, or fewer than `minEach` of either weak outcome, cannot fit a useful model. */
export const minLabelled = 50;
export const minEach = 5;

/** What each target's attempts and the rating say about it for this prompt: 1 it did well, 0 it failed. */
export function evidence(x: LedgerExchange): Map<string, number> {
  const out = new Map<string, number>();
  const ok = x.attempts.filter((a) => a.outcome === 'ok');
  // More than one successful answer: every one but the last was held back for escalation.
  ok.slice(0, -1).forEach((a) => out.set(a.target, 0));
  if (ok.length > 1) out.set(ok.at(-1)!.target, 1);
  for (const a of x.attempts) if (a.outcome === 'failed' && a.errorClass === 'context_length') out.set(a.target, 0);
  if (x.rating?.target) out.set(x.rating.target, x.rating.rating === 'good' ? 1 : 0);
  return out;
}

/**
 * Items with outcomes for both models. What one model's evidence implies for the other: where the
 * weak model's outcome is known the strong one is assumed to succeed unless it is known to fail; where
 * only a strong failure is known the weak one is assumed to fail too; a strong success alone says
 * nothing about the weak model, and is skipped.
 */
export function ledgerItems(exchanges: readonly LedgerExchange[], strong: string, weak: string): LedgerLabels {
  const items: LabeledItem[] = [];
  let weakFailed = 0;
  let weakFine = 0;
  exchanges.forEach((x, k) => {
    const e = evidence(x);
    const s = e.get(strong);
    let w = e.get(weak);
    if (w === undefined && s === 0) w = 0;
    if (w === undefined) return;
    if (w === 0) weakFailed++;
    else weakFine++;
    const item: LabeledItem = { id: x.decisionId, prompt: x.prompt, outcomes: { [strong]: s ?? 1, [weak]: w }, line: k + 1 };
    if (x.chars !== undefined && x.chars !== x.prompt.length) item.chars = x.chars;
    items.push(item);
  });
  return { items, captured: exchanges.length, labelled: items.length, weakFailed, weakFine };
}

/** Why the labels cannot train a model yet, or undefined when they can. */
export function notEnoughLabels(l: LedgerLabels, strong: string, weak: string): string | undefined {
  if (l.labelled >= minLabelled && l.weakFailed >= minEach && l.weakFine >= minEach) return undefined;
  return (
    `not enough labelled requests to learn from: need at least ${minLabelled} (at least ${minEach} where ${weak} failed and ${minEach} where it did well), ` +
    `found ${l.labelled} (${l.weakFailed} failed, ${l.weakFine} did well) among ${l.captured} captured prompts. ` +
    `Labels come from \`router rate good|bad\` on answers of ${weak} or ${strong}, escalations and context-length refusals; ` +
    'prompts are kept only with ledger.capturePrompts: true.'
  );
}
