// OpenAI chat.completion.chunk stream -> canonical stream events (PROTOCOLS 3.6). Keeps the
// canonical guarantees the upstream does not give: one block open at a time with indices in start
// order, tool blocks started only once their name is known, interleaved tool fragments buffered
// until the open call is complete, and no success without a finish_reason.
import type { CanonicalStreamEvent, StreamError } from '../canonical.js';
import type { SseEvent } from '../sse.js';
import { finishEvents } from '../stream-end.js';
import { streamObject } from '../stream-object.js';
import { stopFromOpenAi } from '../stop-reasons.js';
import { thoughtSignatureOf } from './request-decode.js';
import { usageFromOpenAi, type Usage } from '../usage.js';
import { isObj } from '../json-object.js';
import { plainFinish, plainText } from './text-chunk.js';

interface PendingTool {
  id: string;
  name: string;
  args: string;
  thoughtSignature?: string;
  /** Canonical block index once started. */
  block?: number;
}

type Open = { kind: 'text' | 'thinking'; index: number } | { kind: 'tool'; index: number; tool: PendingTool };

const openAiErrorTypes: Record<string, string> = {
  server_error: 'api_error',
  insufficient_quota: 'billing_error',
  rate_limit_exceeded: 'rate_limit_error',
  server_is_overloaded: 'overloaded_error',
};

function streamError(raw: unknown): StreamError {
  const e = isObj(raw) ? raw : { message: String(raw) };
  const type = typeof e.type === 'string' ? e.type : '';
  const code = typeof e.code === 'string' ? e.code : undefined;
  const out: StreamError = {
    type: openAiErrorTypes[code ?? ''] ?? openAiErrorTypes[type] ?? (type.endsWith('_error') ? type : 'api_error'),
    message: typeof e.message === 'string' ? e.message : 'upstream stream error',
  };
  if (code !== undefined) out.code = code;
  return out;
}

export class OpenAiStreamDecoder {
  private started = false;
  private streamId = '';
  private nextBlock = 0;
  private open: Open | null = null;
  private readonly tools = new Map<number, PendingTool>();
  private readonly order: PendingTool[] = [];
  private deferred: { kind: 'text' | 'thinking'; text: string }[] = [];
  private finish: string | null = null;
  private usage: Usage | undefined;
  private done = false;

  push(ev: SseEvent): CanonicalStreamEvent[] {
    if (this.done) return [];
    const out: CanonicalStreamEvent[] = [];
    if (ev.data.trim() === '[DONE]') return this.complete(out);
    if (this.started) {
      const text = plainText(ev.data);
      if (text !== undefined) {
        if (text !== '') this.text(out, 'text', text);
        return out;
      }
      const finish = plainFinish(ev.data);
      if (finish !== undefined) {
        this.finish = finish;
        return out;
      }
    }
    const parsed = streamObject(ev.data);
    if (!parsed.ok) return this.fail(out, parsed.error);
    const chunk = parsed.value;
    if (chunk.error !== undefined && chunk.error !== null) return this.fail(out, streamError(chunk.error));
    if (!this.started) {
      this.started = true;
      this.streamId = typeof chunk.id === 'string' ? chunk.id : '';
      out.push({ type: 'start', id: this.streamId, model: typeof chunk.model === 'string' ? chunk.model : '' });
    }
    if (isObj(chunk.usage)) this.usage = usageFromOpenAi(chunk.usage) ?? undefined;
    const choice = Array.isArray(chunk.choices)
      ? chunk.choices.find((c) => isObj(c) && (c.index === undefined || c.index === 0))
      : undefined;
    if (!isObj(choice)) return out;
    const delta = isObj(choice.delta) ? choice.delta : {};
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') this.text(out, 'thinking', reasoning);
    if (typeof delta.content === 'string' && delta.content !== '') this.text(out, 'text', delta.content);
    if (typeof delta.refusal === 'string' && delta.refusal !== '') this.text(out, 'text', delta.refusal);
    if (Array.isArray(delta.tool_calls)) delta.tool_calls.forEach((tc, pos) => this.toolFragment(out, tc, pos));
    if (typeof choice.finish_reason === 'string') this.finish = choice.finish_reason;
    return out;
  }

  /** Upstream EOF. Servers that omit [DONE] still succeed if they sent a finish_reason. */
  end(): CanonicalStreamEvent[] {
    if (this.done) return [];
    const out: CanonicalStreamEvent[] = [];
    return this.complete(out);
  }

  private complete(out: CanonicalStreamEvent[]): CanonicalStreamEvent[] {
    if (this.finish === null)
      return this.fail(out, { type: 'api_error', code: 'stream_broken', message: 'upstream stream ended without a finish reason' });
    this.closeOpen(out);
    for (const t of this.order) if (t.block === undefined) this.emitWhole(out, t);
    const stopReason = stopFromOpenAi(this.finish, this.order.length > 0) ?? 'end_turn';
    out.push(...finishEvents(stopReason, this.usage));
    this.done = true;
    return out;
  }

  private fail(out: CanonicalStreamEvent[], error: StreamError): CanonicalStreamEvent[] {
    this.done = true;
    out.push({ type: 'error', error });
    return out;
  }

  private text(out: CanonicalStreamEvent[], kind: 'text' | 'thinking', text: string): void {
    // Closing a tool call whose arguments are still arriving would cut them off: hold the text.
    if (this.open?.kind === 'tool' && !isCompleteJson(this.open.tool.args)) {
      this.deferred.push({ kind, text });
      return;
    }
    if (this.open?.kind !== kind) {
      this.closeOpen(out);
      const index = this.nextBlock++;
      this.open = { kind, index };
      out.push({ type: 'block_start', index, block: { type: kind } });
    }
    const index = (this.open as Open).index;
    out.push(kind === 'text' ? { type: 'text_delta', index, text } : { type: 'thinking_delta', index, thinking: text });
  }

  private toolFragment(out: CanonicalStreamEvent[], raw: unknown, pos: number): void {
    if (!isObj(raw)) return;
    const key = typeof raw.index === 'number' ? raw.index : pos;
    const fn = isObj(raw.function) ? raw.function : {};
    let tool = this.tools.get(key);
    // A new id at a known index is a new call (some servers reuse index 0 for every call).
    if (tool === undefined || (typeof raw.id === 'string' && raw.id !== '' && tool.id !== '' && raw.id !== tool.id)) {
      tool = { id: '', name: '', args: '' };
      this.tools.set(key, tool);
      this.order.push(tool);
    }
    if (typeof raw.id === 'string' && raw.id !== '' && tool.id === '') tool.id = raw.id;
    if (typeof fn.name === 'string' && fn.name !== '' && tool.name === '') tool.name = fn.name;
    const sig = thoughtSignatureOf(raw);
    if (sig !== undefined) tool.thoughtSignature = sig;
    const args = typeof fn.arguments === 'string' ? fn.arguments : '';
    if (this.open?.kind === 'tool' && this.open.tool === tool) {
      if (args !== '') out.push({ type: 'tool_args_delta', index: this.open.index, json: args });
      tool.args += args;
      return;
    }
    tool.args += args;
    if (tool.block !== undefined || tool.name === '') return;
    if (this.open?.kind === 'tool' && !isCompleteJson(this.open.tool.args)) return;
    this.closeOpen(out);
    this.startTool(out, tool);
  }

  /** Starts the tool's block and sends what was buffered for it. */
  private startTool(out: CanonicalStreamEvent[], tool: PendingTool): void {
    // Ids are needed to match results later; the chunk id keeps a made-up one unique.
    if (tool.id === '') tool.id = `call_${this.streamId}_${this.order.indexOf(tool)}`.replace(/[^a-zA-Z0-9_-]/g, '_');
    const index = this.nextBlock++;
    tool.block = index;
    this.open = { kind: 'tool', index, tool };
    const block: Extract<CanonicalStreamEvent, { type: 'block_start' }>['block'] = { type: 'tool_use', id: tool.id, name: tool.name };
    if (tool.thoughtSignature !== undefined) block.thoughtSignature = tool.thoughtSignature;
    out.push({ type: 'block_start', index, block });
    if (tool.args !== '') out.push({ type: 'tool_args_delta', index, json: tool.args });
  }

  private emitWhole(out: CanonicalStreamEvent[], tool: PendingTool): void {
    this.startTool(out, tool);
    this.closeOpen(out);
  }

  private closeOpen(out: CanonicalStreamEvent[]): void {
    if (this.open === null) return;
    out.push({ type: 'block_stop', index: this.open.index });
    this.open = null;
    const held = this.deferred;
    if (held.length === 0) return;
    this.deferred = [];
    for (const d of held) this.text(out, d.kind, d.text);
    this.closeOpen(out);
  }
}

function isCompleteJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
