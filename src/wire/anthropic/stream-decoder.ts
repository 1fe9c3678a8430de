// Anthropic Messages SSE -> canonical stream events (PROTOCOLS 2.7). Block indices are
// re-counted from our own counter rather than trusted from upstream; usage is merged the way the
// SDK does it (message_delta fields overwrite); EOF before a stop reason is an error.
import type { CanonicalStreamEvent, StopReason, StreamBlockStart } from '../canonical.js';
import type { SseEvent } from '../sse.js';
import { stopFromAnthropic } from '../stop-reasons.js';
import { fromAnthropicToolId } from '../tool-ids.js';
import { mergeAnthropicUsage, usageFromAnthropic, type AnthropicUsage } from '../usage.js';
import { isObj, type Obj } from '../json-object.js';

function blockStart(b: Obj): StreamBlockStart {
  switch (b.type) {
    case 'text':
      return { type: 'text' };
    case 'thinking':
      return { type: 'thinking' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: String(b.data ?? '') };
    case 'tool_use':
      return { type: 'tool_use', id: fromAnthropicToolId(String(b.id ?? '')), name: String(b.name ?? '') };
    default:
      return { type: 'raw', format: 'anthropic', value: b };
  }
}

export class AnthropicStreamDecoder {
  private readonly indices = new Map<number, number>();
  private nextBlock = 0;
  private usage: AnthropicUsage = { input_tokens: 0, output_tokens: 0 };
  private stopReason: StopReason | null = null;
  private stopSequence: string | null = null;
  private done = false;

  push(ev: SseEvent): CanonicalStreamEvent[] {
    if (this.done) return [];
    let data: unknown;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return this.fail('api_error', 'upstream sent malformed stream data', 'stream_broken');
    }
    if (!isObj(data)) return [];
    const type = typeof data.type === 'string' ? data.type : ev.event;
    switch (type) {
      case 'message_start': {
        const msg = isObj(data.message) ? data.message : {};
        this.usage = mergeAnthropicUsage(this.usage, msg.usage);
        const usage = usageFromAnthropic(this.usage);
        const start: CanonicalStreamEvent = { type: 'start', id: String(msg.id ?? ''), model: String(msg.model ?? '') };
        if (usage !== null && isObj(msg.usage)) start.usage = usage;
        return [start];
      }
      case 'content_block_start': {
        const index = this.nextBlock++;
        this.indices.set(Number(data.index), index);
        const block = isObj(data.content_block) ? data.content_block : {};
        const out: CanonicalStreamEvent[] = [{ type: 'block_start', index, block: blockStart(block) }];
        if (block.type === 'text' && typeof block.text === 'string' && block.text !== '')
          out.push({ type: 'text_delta', index, text: block.text });
        return out;
      }
      case 'content_block_delta':
        return this.delta(data);
      case 'content_block_stop': {
        const index = this.indices.get(Number(data.index));
        return index === undefined ? [] : [{ type: 'block_stop', index }];
      }
      case 'message_delta': {
        const d = isObj(data.delta) ? data.delta : {};
        if (d.stop_reason !== undefined && d.stop_reason !== null) this.stopReason = stopFromAnthropic(d.stop_reason);
        if (typeof d.stop_sequence === 'string') this.stopSequence = d.stop_sequence;
        this.usage = mergeAnthropicUsage(this.usage, data.usage);
        return [];
      }
      case 'message_stop':
        return this.finished();
      case 'ping':
        return [{ type: 'ping' }];
      case 'error': {
        const e = isObj(data.error) ? data.error : {};
        return this.fail(
          typeof e.type === 'string' ? e.type : 'api_error',
          typeof e.message === 'string' ? e.message : 'upstream stream error',
        );
      }
      default:
        return [];
    }
  }

  /** EOF. A stop reason (message_delta) already ended the answer; only message_stop's framing is missing. */
  end(): CanonicalStreamEvent[] {
    if (this.done) return [];
    if (this.stopReason !== null) return this.finished();
    return this.fail('api_error', 'upstream stream ended before message_stop', 'stream_broken');
  }

  private finished(): CanonicalStreamEvent[] {
    this.done = true;
    const usage = usageFromAnthropic(this.usage);
    const finish: CanonicalStreamEvent = { type: 'finish', stopReason: this.stopReason ?? 'end_turn', stopSequence: this.stopSequence };
    if (usage !== null) finish.usage = usage;
    return [finish, { type: 'end' }];
  }

  private delta(data: Obj): CanonicalStreamEvent[] {
    const index = this.indices.get(Number(data.index));
    const d = isObj(data.delta) ? data.delta : {};
    if (index === undefined) return [];
    switch (d.type) {
      case 'text_delta':
        return typeof d.text === 'string' && d.text !== '' ? [{ type: 'text_delta', index, text: d.text }] : [];
      case 'input_json_delta':
        return typeof d.partial_json === 'string' && d.partial_json !== ''
          ? [{ type: 'tool_args_delta', index, json: d.partial_json }]
          : [];
      case 'thinking_delta':
        return typeof d.thinking === 'string' ? [{ type: 'thinking_delta', index, thinking: d.thinking }] : [];
      case 'signature_delta':
        return typeof d.signature === 'string' ? [{ type: 'signature_delta', index, signature: d.signature }] : [];
      default:
        return [];
    }
  }

  private fail(type: string, message: string, code?: string): CanonicalStreamEvent[] {
    this.done = true;
    return [{ type: 'error', error: code === undefined ? { type, message } : { type, message, code } }];
  }
}
