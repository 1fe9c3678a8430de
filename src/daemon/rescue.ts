// Mid-stream rescue: a stream broke after the client had text. With `failover.midStream:
// continue` the engine picks a target that can prefill, that target is asked to go on from exactly
// the text sent, and its answer is spliced into the same client stream; a continuation that fails
// before content passes to the next, one that breaks in turn is rescued the same way. When nothing
// can continue, the stream ends with an in-stream error naming the original failure.
import type { Target } from '../config/schema.js';
import { canPrefill, continuationTarget, prefillOf, spliceNote } from '../engine/continuation.js';
import { catalogEntry } from '../engine/prepare.js';
import { runAttempt, type BrokenStream } from './attempt.js';
import { write } from './client-reply.js';
import type { Run } from './exchange.js';
import { extendSent, sentSoFar } from './relay/splice.js';
import { replayDecoder } from './relay/upstream-codecs.js';

export function midStreamMode(run: Pick<Run, 'x' | 'config'>): 'continue' | 'error' {
  const route = run.x.plan.route === undefined || run.x.plan.route === null ? undefined : run.config.routes[run.x.plan.route];
  return route?.midStream ?? run.config.failover.midStream ?? 'continue';
}

/**
 * Whether a broken stream of this request could be continued at all: only then do its attempts
 * keep the upstream's text (a single-target route, or one where no target can prefill, pays nothing).
 */
export function mayRescue(run: Pick<Run, 'x' | 'config'>): boolean {
  const { x, config } = run;
  if (!x.stream || x.plan.attempts.length < 2 || midStreamMode(run) !== 'continue') return false;
  return x.plan.attempts.some((t) => canPrefill(catalogEntry(config, t), config.providers[t.provider]?.type));
}

/** `excluded`: plan indexes that already failed this request. */
export async function rescue(run: Run, broken: BrokenStream, index: number, excluded: Set<number>): Promise<void> {
  const { x, config } = run;
  const notes = x.plan.trace.notes;
  const attempts = x.plan.attempts;
  await write(x.res, broken.tail);
  const endWithError = (): void => {
    if (run.gone.aborted) return;
    x.res.end(x.client.streamError({ ...broken.failed.error, message: `upstream failed mid-stream: ${broken.failed.detail}` }));
  };
  if (run.gone.aborted) return;
  if (midStreamMode(run) === 'error') return endWithError();
  let sent = broken.chunks && sentSoFar(broken.chunks, replayDecoder(broken.format));
  if (!sent) {
    notes.push(`${attempts[index]?.id ?? '?'} broke inside a tool call or thinking block: only text can be continued`);
    return endWithError();
  }
  let from = index;
  let why = broken.failed.detail;
  for (;;) {
    const pick = continuationTarget({
      attempts,
      broken: from,
      excluded,
      entryOf: (t) => catalogEntry(config, t),
      providerTypeOf: (t) => config.providers[t.provider]?.type,
    });
    notes.push(...pick.notes);
    if (pick.kind === 'none') {
      notes.push(`no target could continue the answer: ended with ${attempts[index]?.id ?? '?'}'s failure`);
      return endWithError();
    }
    const target = attempts[pick.index] as Target;
    notes.push(spliceNote(attempts[from] as Target, target, sent.text.length, why));
    const prefill = prefillOf(sent.text);
    const end = await runAttempt(run, target, undefined, { sent, prefill });
    if (run.gone.aborted || end.kind === 'answered') return;
    excluded.add(pick.index);
    if (end.kind !== 'broken') {
      if (end.kind === 'failed') notes.push(`${target.id} could not continue: ${end.error.message}`);
      continue;
    }
    await write(x.res, end.tail);
    const more = end.chunks && sentSoFar(end.chunks, replayDecoder(end.format));
    if (!more) return endWithError();
    sent = extendSent(sent, more, prefill.dropLeadingSpace);
    from = pick.index;
    why = end.failed.detail;
  }
}
