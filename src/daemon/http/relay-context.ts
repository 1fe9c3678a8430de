// The relay context of one request, from the runtime: one place decides what relays may see.
import type { RelayContext } from '../relay/context.js';
import type { Runtime } from '../runtime.js';

/**
 * Always the same fields in the same order (`note` too, when absent): relays read the context on
 * every request, and contexts of one shape keep those reads cheap. A context spread and given a field
 * got a shape of its own each time (--log-ic: every read of it missed V8's caches).
 */
export function relayContext(rt: Runtime, requestId: string, note?: (text: string) => void): RelayContext {
  return { requestId, now: rt.clock, config: rt.config, adapters: rt.adapters, note };
}
