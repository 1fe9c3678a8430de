// The two events that end every successful canonical stream, with usage only when the upstream
// reported it (an absent key, not `usage: undefined`, so encoders can tell "none" from zero).
import type { CanonicalStreamEvent, StopReason } from './canonical.js';
import type { Usage } from './usage.js';

export function finishEvents(stopReason: StopReason, usage: Usage | undefined): CanonicalStreamEvent[] {
  return [usage === undefined ? { type: 'finish', stopReason } : { type: 'finish', stopReason, usage }, { type: 'end' }];
}
