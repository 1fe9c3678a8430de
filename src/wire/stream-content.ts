// The failover commit point, shared by the router (which may switch targets only before it) and the
// Responses stream encoder (which opens the response output only after it).
import type { CanonicalStreamEvent } from './canonical.js';

/** True for the first kind of event that puts something the user sees on the wire. */
export function isContent(ev: CanonicalStreamEvent): boolean {
  switch (ev.type) {
    case 'text_delta':
      return ev.text !== '';
    case 'thinking_delta':
      return ev.thinking !== '';
    case 'tool_args_delta':
      return true;
    case 'block_start':
      return ev.block.type !== 'text' && ev.block.type !== 'thinking';
    default:
      return false;
  }
}
