// Mid-stream rescue, the engine's half: a stream broke after the client had text, so which target
// goes on from exactly that text, and what is it sent. Pure: the executor reports which targets
// already failed or broke; every target passed over comes back as a trace note, and the splice
// point (the character offset) is noted so `router explain` shows where the answer was joined.
import type { ModelEntry, ProviderType, Target } from '../config/schema.js';

export interface ContinuationInput {
  attempts: readonly Target[];
  /** The plan index of the attempt whose stream broke. */
  broken: number;
  /** Plan indexes that failed before or could not continue: not asked again. */
  excluded: ReadonlySet<number>;
  entryOf: (t: Target) => ModelEntry | undefined;
  providerTypeOf: (t: Target) => ProviderType | undefined;
}

export type ContinuationPick = { kind: 'continue'; index: number; notes: string[] } | { kind: 'none'; notes: string[] };

/**
 * A model's own catalog word first; without one, Anthropic's API is known to prefill and the rest
 * is not assumed to (an OpenAI-style server that ignores the trailing message would start over).
 */
export function canPrefill(entry: ModelEntry | undefined, providerType: ProviderType | undefined): boolean {
  return entry?.prefill ?? providerType === 'anthropic';
}

/** The first target in plan order, after the broken one and then before it, that can prefill. */
export function continuationTarget(x: ContinuationInput): ContinuationPick {
  const notes: string[] = [];
  const n = x.attempts.length;
  for (let k = 1; k < n; k++) {
    const i = (x.broken + k) % n;
    if (x.excluded.has(i)) continue;
    const t = x.attempts[i] as Target;
    if (!canPrefill(x.entryOf(t), x.providerTypeOf(t))) {
      notes.push(`continuation skipped ${t.id}: it cannot continue a partial answer (models."${t.id}".prefill)`);
      continue;
    }
    return { kind: 'continue', index: i, notes };
  }
  return { kind: 'none', notes };
}

/** The trace note at the join. */
export function spliceNote(from: Target, to: Target, offset: number, why: string): string {
  return `spliced ${to.id} into the stream at character ${offset} after ${from.id} broke: ${why}`;
}

/**
 * What the continuing target is given as its trailing assistant message. Anthropic rejects a
 * prefill that ends in whitespace, and no model needs it: the text goes without it, and the
 * continuation's leading whitespace is dropped once so the client does not get it twice.
 */
export function prefillOf(sent: string): { prefill: string; dropLeadingSpace: boolean } {
  const prefill = sent.trimEnd();
  return { prefill, dropLeadingSpace: prefill.length !== sent.length };
}
