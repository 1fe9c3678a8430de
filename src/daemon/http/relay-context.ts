// The relay context of one request, from the runtime: one place decides what relays may see.
import type { RelayContext } from '../relay/context.js';
import type { Runtime } from '../runtime.js';

export function relayContext(rt: Runtime, requestId: string): RelayContext {
  return { requestId, now: rt.clock, config: rt.config, adapters: rt.adapters };
}
