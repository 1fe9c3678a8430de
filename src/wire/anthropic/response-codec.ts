// Non-streaming Anthropic message <-> canonical response (PROTOCOLS 2.6, 3.3, 3.4).
import type { CanonicalBlock, CanonicalResponse } from '../canonical.js';
import { stopFromAnthropic } from '../stop-reasons.js';
import { toAnthropicToolId } from '../tool-ids.js';
import { usageFromAnthropic, usageToAnthropic, zeroUsage } from '../usage.js';
import { blockOf } from './request-decode.js';
import type { AnthropicBlock, AnthropicResponse } from './types.js';
import { isObj } from '../json-object.js';

export function decodeAnthropicResponse(body: unknown): CanonicalResponse {
  const b = isObj(body) ? body : {};
  const content = Array.isArray(b.content) ? (b.content.filter(isObj) as AnthropicBlock[]).map(blockOf) : [];
  const res: CanonicalResponse = {
    id: typeof b.id === 'string' ? b.id : '',
    model: typeof b.model === 'string' ? b.model : '',
    content,
    stopReason: stopFromAnthropic(b.stop_reason) ?? 'end_turn',
    usage: usageFromAnthropic(b.usage) ?? { ...zeroUsage },
  };
  if (typeof b.stop_sequence === 'string') res.stopSequence = b.stop_sequence;
  return res;
}

export interface AnthropicResponseOptions {
  id: string;
  model: string;
  /** Emit unsigned reasoning from other providers as a thinking block (signature ""). Default false. */
  unsignedThinking?: boolean;
}

function encodeBlock(b: CanonicalBlock, opts: AnthropicResponseOptions): AnthropicBlock | undefined {
  switch (b.type) {
    case 'text':
      if (b.text === '') return undefined;
      return b.citations === undefined ? { type: 'text', text: b.text } : { type: 'text', text: b.text, citations: b.citations };
    case 'thinking':
      if ((b.signature === undefined || b.signature === '') && opts.unsignedThinking !== true) return undefined;
      return { type: 'thinking', thinking: b.thinking, signature: b.signature ?? '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: b.data };
    case 'tool_use':
      return { type: 'tool_use', id: toAnthropicToolId(b.id), name: b.name, input: b.input };
    case 'raw':
      return b.format === 'anthropic' ? (b.value as AnthropicBlock) : undefined;
    default:
      return undefined;
  }
}

export function encodeAnthropicResponse(res: CanonicalResponse, opts: AnthropicResponseOptions): AnthropicResponse {
  const content = res.content.flatMap((b) => encodeBlock(b, opts) ?? []);
  return {
    id: opts.id,
    type: 'message',
    role: 'assistant',
    model: opts.model,
    content,
    stop_reason: res.stopReason ?? 'end_turn',
    stop_sequence: res.stopSequence ?? null,
    usage: usageToAnthropic(res.usage),
  };
}
