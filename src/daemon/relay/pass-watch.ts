// What a pass-through session learns from its watcher (the upstream format's stream decoder, run
// beside the forwarded bytes): shared by the Anthropic and Responses pass-throughs.
import type { CanonicalStreamEvent } from '../../wire/canonical.js';
import type { Usage } from '../../wire/usage.js';
import { isContent, streamFailure } from './stream-failure.js';
import type { StreamStep } from './types.js';

export interface PassWatched {
  usage: Usage | null;
  finishReason: string | null;
  sawContent: boolean;
}

/** Notes usage, the stop reason, the end and the first content into `watched` and `step`; returns the step as a failure when the watcher saw an error. */
export function notePassEvents(events: CanonicalStreamEvent[], step: StreamStep, watched: PassWatched): StreamStep | undefined {
  for (const c of events) {
    if (c.type === 'error') return { ...step, terminal: true, failure: streamFailure(c.error) };
    if (c.type === 'finish') {
      if (c.usage !== undefined) watched.usage = c.usage;
      watched.finishReason = c.stopReason;
    } else if (c.type === 'end') step.terminal = true;
    else if (!watched.sawContent && isContent(c)) {
      watched.sawContent = true;
      step.content = true;
    }
  }
  return undefined;
}
