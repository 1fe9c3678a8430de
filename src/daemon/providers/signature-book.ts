// Gemini thought signatures by tool-call id (PROTOCOLS 3.7). Owned by the daemon, not by an
// adapter: adapters are rebuilt on every config reload, and a tool loop that spans a reload must
// still send Gemini the signature it issued.
import type { SignatureBook } from './types.js';

/** Enough for many concurrent tool loops; the oldest entries go first. */
const SIGNATURES_KEPT = 20_000;

/**
 * Bounded, oldest first out: a ring of ids beside the map, so a long-running daemon stays small
 * and a new signature costs one slot write (and one eviction when full), no delete-and-reinsert.
 * Tool-call ids are unique per request, so an id set again keeps its slot and only takes the new value.
 */
export class BoundedSignatureBook implements SignatureBook {
  private readonly byId = new Map<string, string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly limit = SIGNATURES_KEPT) {
    this.ring = new Array<string | undefined>(limit);
  }

  get(toolCallId: string): string | undefined {
    return this.byId.get(toolCallId);
  }

  set(toolCallId: string, signature: string): void {
    if (this.byId.has(toolCallId)) {
      this.byId.set(toolCallId, signature);
      return;
    }
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.byId.delete(evicted);
    this.ring[this.next] = toolCallId;
    this.next = (this.next + 1) % this.limit;
    this.byId.set(toolCallId, signature);
  }

  get size(): number {
    return this.byId.size;
  }
}
