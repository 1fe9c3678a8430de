// Responses SSE from an upstream -> canonical stream events. Responses streams output items one
// after another (output_index), so each item maps onto one canonical block: message text parts,
// function calls (arguments deltas), reasoning summaries. response.completed / .incomplete give the
// finish and usage; response.failed and `error` events end the stream with an error.
import type { CanonicalStreamEvent, StreamError } from '../canonical.js';
import { isObj, type Obj } from '../json-object.js';
import type { SseEvent } from '../sse.js';
import { streamObject } from '../stream-object.js';
import { finishEvents } from '../stream-end.js';
import type { Usage } from '../usage.js';
import { stopOfResponse } from './response-codec.js';
import { flatName } from './tool-names.js';
import { usageFromResponses } from './usage.js';

const errorTypes: Record<string, string> = {
  server_error: 'api_error',
  rate_limit_exceeded: 'rate_limit_error',
  insufficient_quota: 'billing_error',
  server_is_overloaded: 'overloaded_error',
  context_length_exceeded: 'invalid_request_error',
  invalid_prompt: 'invalid_request_error',
};

function streamError(raw: unknown): StreamError {
  const e = isObj(raw) ? raw : {};
  const code = typeof e.code === 'string' ? e.code : undefined;
  const type = typeof e.type === 'string' ? e.type : '';
  const out: StreamError = {
    type: errorTypes[code ?? ''] ?? errorTypes[type] ?? (type.endsWith('_error') ? type : 'api_error'),
    message: typeof e.message === 'string' ? e.message : 'upstream response failed',
  };
  if (code !== undefined) out.code = code;
  return out;
}

type Kind = 'text' | 'thinking' | 'tool';

interface OpenBlock {
  kind: Kind;
  index: number;
  outputIndex: number;
  /** Arguments streamed so far (tool calls). */
  args: string;
}

export class ResponsesStreamDecoder {
  private started = false;
  private done = false;
  private nextBlock = 0;
  private open: OpenBlock | null = null;
  private calls = 0;
  private usage: Usage | undefined;

  push(ev: SseEvent): CanonicalStreamEvent[] {
    if (this.done) return [];
    const out: CanonicalStreamEvent[] = [];
    const parsed = streamObject(ev.data);
    if (!parsed.ok) return this.fail(out, parsed.error);
    const data = parsed.value;
    const type = typeof data.type === 'string' ? data.type : (ev.event ?? '');
    if (type === 'error') return this.fail(out, streamError(isObj(data.error) ? data.error : data));
    if (!this.started) {
      this.started = true;
      const r = isObj(data.response) ? data.response : {};
      out.push({ type: 'start', id: typeof r.id === 'string' ? r.id : '', model: typeof r.model === 'string' ? r.model : '' });
    }
    const outputIndex = typeof data.output_index === 'number' ? data.output_index : -1;
    switch (type) {
      case 'response.output_item.added': {
        const item = isObj(data.item) ? data.item : {};
        if (item.type === 'function_call') {
          this.close(out);
          const name =
            typeof item.namespace === 'string' && item.namespace !== ''
              ? flatName(item.namespace, String(item.name ?? ''))
              : String(item.name ?? '');
          const id = String(item.call_id ?? item.id ?? `call_${this.calls}`);
          this.calls++;
          const index = this.nextBlock++;
          this.open = { kind: 'tool', index, outputIndex, args: '' };
          out.push({ type: 'block_start', index, block: { type: 'tool_use', id, name } });
          if (typeof item.arguments === 'string' && item.arguments !== '') this.args(out, item.arguments);
        }
        break;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        if (typeof data.delta === 'string' && data.delta !== '') this.text(out, 'text', outputIndex, data.delta);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        if (typeof data.delta === 'string' && data.delta !== '') this.text(out, 'thinking', outputIndex, data.delta);
        break;
      case 'response.function_call_arguments.delta':
        if (this.open?.kind === 'tool' && typeof data.delta === 'string') this.args(out, data.delta);
        break;
      case 'response.function_call_arguments.done':
        // Servers that send no deltas put the whole arguments here.
        if (this.open?.kind === 'tool' && this.open.args === '' && typeof data.arguments === 'string') this.args(out, data.arguments);
        break;
      case 'response.output_item.done': {
        const item = isObj(data.item) ? data.item : {};
        if (this.open?.kind === 'tool' && this.open.args === '' && typeof item.arguments === 'string') this.args(out, item.arguments);
        if (this.open !== null && this.open.outputIndex === outputIndex) this.close(out);
        break;
      }
      case 'response.completed':
      case 'response.incomplete':
        return this.finish(out, isObj(data.response) ? data.response : {});
      case 'response.failed': {
        const r = isObj(data.response) ? data.response : {};
        return this.fail(out, streamError(r.error));
      }
      default:
        break;
    }
    return out;
  }

  /** Upstream EOF without response.completed: the stream is broken. */
  end(): CanonicalStreamEvent[] {
    if (this.done) return [];
    return this.fail([], { type: 'api_error', code: 'stream_broken', message: 'upstream stream ended before response.completed' });
  }

  private finish(out: CanonicalStreamEvent[], r: Obj): CanonicalStreamEvent[] {
    this.close(out);
    const usage = usageFromResponses(r.usage) ?? this.usage;
    const stopReason = stopOfResponse(r.status, r.incomplete_details, this.calls > 0);
    out.push(...finishEvents(stopReason, usage));
    this.done = true;
    return out;
  }

  private fail(out: CanonicalStreamEvent[], error: StreamError): CanonicalStreamEvent[] {
    this.done = true;
    out.push({ type: 'error', error });
    return out;
  }

  private text(out: CanonicalStreamEvent[], kind: 'text' | 'thinking', outputIndex: number, text: string): void {
    if (this.open === null || this.open.kind !== kind || this.open.outputIndex !== outputIndex) {
      this.close(out);
      const index = this.nextBlock++;
      this.open = { kind, index, outputIndex, args: '' };
      out.push({ type: 'block_start', index, block: { type: kind } });
    }
    const index = this.open.index;
    out.push(kind === 'text' ? { type: 'text_delta', index, text } : { type: 'thinking_delta', index, thinking: text });
  }

  private args(out: CanonicalStreamEvent[], json: string): void {
    if (this.open === null || json === '') return;
    this.open.args += json;
    out.push({ type: 'tool_args_delta', index: this.open.index, json });
  }

  private close(out: CanonicalStreamEvent[]): void {
    if (this.open === null) return;
    out.push({ type: 'block_stop', index: this.open.index });
    this.open = null;
  }
}
