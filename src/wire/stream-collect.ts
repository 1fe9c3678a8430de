// Canonical stream events <-> one canonical response, both ways: a streamed answer collected whole
// (so the response cache stores one form whatever the upstream sent), and a stored answer told
// again as events (so a cache hit replays as a stream through the client's own encoder).
import type { CanonicalBlock, CanonicalResponse, CanonicalStreamEvent, Json } from './canonical.js';
import { finishEvents } from './stream-end.js';
import { zeroUsage } from './usage.js';

interface Open {
  block: CanonicalBlock;
  /** Tool arguments arrive as JSON text in pieces. */
  args: string;
}

function opened(ev: Extract<CanonicalStreamEvent, { type: 'block_start' }>): Open {
  const b = ev.block;
  switch (b.type) {
    case 'text':
      return { block: { type: 'text', text: '' }, args: '' };
    case 'thinking':
      return { block: { type: 'thinking', thinking: '' }, args: '' };
    case 'redacted_thinking':
      return { block: { type: 'redacted_thinking', data: b.data }, args: '' };
    case 'tool_use': {
      const block: CanonicalBlock = { type: 'tool_use', id: b.id, name: b.name, input: {} };
      if (b.thoughtSignature !== undefined) block.thoughtSignature = b.thoughtSignature;
      return { block, args: '' };
    }
    case 'raw':
      return { block: { type: 'raw', format: b.format, value: b.value }, args: '' };
  }
}

function closed(o: Open): CanonicalBlock {
  if (o.block.type !== 'tool_use') return o.block;
  let input: Json = {};
  if (o.args.trim()) {
    try {
      const parsed: unknown = JSON.parse(o.args);
      input = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : { raw_arguments: o.args };
    } catch {
      input = { raw_arguments: o.args };
    }
  }
  return { ...o.block, input, arguments: o.args || '{}' };
}

/** The whole answer a stream told, or null when it did not end well (an error, or no end). */
export function collectResponse(events: Iterable<CanonicalStreamEvent>): CanonicalResponse | null {
  const res: CanonicalResponse = { id: '', model: '', content: [], stopReason: null, usage: { ...zeroUsage } };
  const open = new Map<number, Open>();
  let ended = false;
  for (const ev of events) {
    switch (ev.type) {
      case 'start':
        res.id = ev.id;
        res.model = ev.model;
        if (ev.usage) res.usage = { ...ev.usage };
        break;
      case 'block_start':
        open.set(ev.index, opened(ev));
        break;
      case 'text_delta': {
        const o = open.get(ev.index);
        if (o?.block.type === 'text') o.block.text += ev.text;
        break;
      }
      case 'thinking_delta': {
        const o = open.get(ev.index);
        if (o?.block.type === 'thinking') o.block.thinking += ev.thinking;
        break;
      }
      case 'signature_delta': {
        const o = open.get(ev.index);
        if (o?.block.type === 'thinking') o.block.signature = (o.block.signature ?? '') + ev.signature;
        break;
      }
      case 'tool_args_delta': {
        const o = open.get(ev.index);
        if (o) o.args += ev.json;
        break;
      }
      case 'block_stop': {
        const o = open.get(ev.index);
        if (o) res.content.push(closed(o));
        open.delete(ev.index);
        break;
      }
      case 'finish':
        res.stopReason = ev.stopReason;
        if (ev.stopSequence !== undefined) res.stopSequence = ev.stopSequence;
        if (ev.usage) res.usage = { ...ev.usage };
        break;
      case 'end':
        ended = true;
        break;
      case 'error':
        return null;
      case 'ping':
        break;
    }
  }
  return ended && res.stopReason !== null ? res : null;
}

/** A stored answer as the events of one stream: each block whole in one delta, then finish and end. */
export function responseEvents(res: CanonicalResponse): CanonicalStreamEvent[] {
  const out: CanonicalStreamEvent[] = [{ type: 'start', id: res.id, model: res.model }];
  let index = 0;
  for (const b of res.content) {
    switch (b.type) {
      case 'text':
        out.push({ type: 'block_start', index, block: { type: 'text' } }, { type: 'text_delta', index, text: b.text });
        break;
      case 'thinking':
        out.push({ type: 'block_start', index, block: { type: 'thinking' } }, { type: 'thinking_delta', index, thinking: b.thinking });
        if (b.signature !== undefined) out.push({ type: 'signature_delta', index, signature: b.signature });
        break;
      case 'redacted_thinking':
        out.push({ type: 'block_start', index, block: { type: 'redacted_thinking', data: b.data } });
        break;
      case 'tool_use': {
        const start = { type: 'tool_use' as const, id: b.id, name: b.name };
        out.push({
          type: 'block_start',
          index,
          block: b.thoughtSignature === undefined ? start : { ...start, thoughtSignature: b.thoughtSignature },
        });
        out.push({ type: 'tool_args_delta', index, json: b.arguments ?? JSON.stringify(b.input) });
        break;
      }
      case 'raw':
        out.push({ type: 'block_start', index, block: { type: 'raw', format: b.format, value: b.value } });
        break;
      default:
        // Request-only blocks (images, documents, tool results) never appear in an answer.
        continue;
    }
    out.push({ type: 'block_stop', index });
    index++;
  }
  const finish = finishEvents(res.stopReason ?? 'end_turn', res.usage);
  if (res.stopSequence != null && finish[0]?.type === 'finish') finish[0].stopSequence = res.stopSequence;
  return [...out, ...finish];
}
