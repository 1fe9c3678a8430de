// Reasoning items are opaque and bound to the provider that made them (PROTOCOLS 8). OpenAI's own
// `encrypted_content` only means something to a Responses upstream, so it rides as a raw block.
// Thinking from another provider (an Anthropic signature, redacted thinking) is wrapped into
// `encrypted_content` under our own marker: the client sends the item back unchanged on the next
// turn, and it unwraps into the very block that provider needs to see again.
import type { CanonicalBlock, Json, RedactedThinkingBlock, ThinkingBlock } from '../canonical.js';
import { isObj } from '../json-object.js';
import type { ResponsesReasoningItem } from './types.js';

const THINKING = 'llmr.thinking.v1:';
const REDACTED = 'llmr.redacted.v1:';

export function summaryText(item: ResponsesReasoningItem): string {
  const parts = Array.isArray(item.summary) ? item.summary : [];
  return parts.map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).join('\n\n');
}

/** The canonical block a client's reasoning item stands for. */
export function reasoningToBlock(item: ResponsesReasoningItem): CanonicalBlock {
  const enc = item.encrypted_content;
  if (typeof enc === 'string' && enc.startsWith(THINKING)) {
    try {
      const v: unknown = JSON.parse(enc.slice(THINKING.length));
      if (isObj(v) && typeof v.thinking === 'string') {
        const b: ThinkingBlock = { type: 'thinking', thinking: v.thinking };
        if (typeof v.signature === 'string') b.signature = v.signature;
        return b;
      }
    } catch {
      // not ours after all: kept as it came
    }
  }
  if (typeof enc === 'string' && enc.startsWith(REDACTED)) return { type: 'redacted_thinking', data: enc.slice(REDACTED.length) };
  return { type: 'raw', format: 'responses', value: item as Json };
}

/** The reasoning item for a thinking block of another provider (Anthropic, or plain reasoning text). */
export function blockToReasoning(b: ThinkingBlock | RedactedThinkingBlock, id: string): ResponsesReasoningItem {
  if (b.type === 'redacted_thinking') return { type: 'reasoning', id, summary: [], encrypted_content: REDACTED + b.data };
  const item: ResponsesReasoningItem = {
    type: 'reasoning',
    id,
    summary: b.thinking === '' ? [] : [{ type: 'summary_text', text: b.thinking }],
  };
  if (b.signature !== undefined && b.signature !== '')
    item.encrypted_content = THINKING + JSON.stringify({ thinking: b.thinking, signature: b.signature });
  return item;
}

/** A reasoning item we wrapped for another provider: no Responses upstream can read it. */
export function isForeignReasoning(item: unknown): boolean {
  if (!isObj(item) || item.type !== 'reasoning' || typeof item.encrypted_content !== 'string') return false;
  return item.encrypted_content.startsWith(THINKING) || item.encrypted_content.startsWith(REDACTED);
}
