// The pass-through inspector for OpenAI-to-OpenAI streams: bytes go to the client untouched; this
// only notices the first content (the failover commit point), the finish reason, the usage the
// daemon asked for on the ledger's behalf, [DONE] and in-stream errors. One JSON.parse per event.
import type { SseEvent } from '../sse.js';
import { usageFromOpenAi, type Usage } from '../usage.js';
import { isObj } from '../json-object.js';
import { plainFinish, plainText } from './text-chunk.js';

export interface StreamWatchError {
  message: string;
  type?: string;
  code?: string;
}

export interface StreamInspection {
  forward: boolean;
  /** True only for the first event that carries content, refusal, tool calls or reasoning. */
  content: boolean;
  terminal: boolean;
  error?: StreamWatchError;
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

function deltaHasContent(delta: unknown): boolean {
  if (!isObj(delta)) return false;
  return (
    nonEmpty(delta.content) ||
    nonEmpty(delta.refusal) ||
    nonEmpty(delta.reasoning_content) ||
    nonEmpty(delta.reasoning) ||
    (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) ||
    isObj(delta.function_call)
  );
}

function errorOf(v: unknown): StreamWatchError {
  if (typeof v === 'string') return { message: v };
  const e = isObj(v) ? v : {};
  const out: StreamWatchError = { message: typeof e.message === 'string' ? e.message : 'upstream stream error' };
  if (typeof e.type === 'string') out.type = e.type;
  if (typeof e.code === 'string') out.code = e.code;
  else if (typeof e.code === 'number') out.code = String(e.code);
  return out;
}

const PLAIN: StreamInspection = Object.freeze({ forward: true, content: false, terminal: false });
const FIRST_CONTENT: StreamInspection = Object.freeze({ forward: true, content: true, terminal: false });

// Usage as an object (not the `"usage":null` every chunk carries), a non-null finish reason, an error.
const MAY_MATTER = /"(?:usage"\s*:\s*\{|finish_reason"\s*:\s*"|error"\s*:)/;

function mayMatter(data: string): boolean {
  return MAY_MATTER.test(data) || !data.endsWith('}');
}

export class OpenAiStreamWatch {
  private finish: string | null = null;
  private lastUsage: Usage | null = null;
  private done = false;
  private content = false;

  constructor(private readonly clientWantsUsage: boolean) {}

  get finishReason(): string | null {
    return this.finish;
  }
  get usage(): Usage | null {
    return this.lastUsage;
  }
  get sawDone(): boolean {
    return this.done;
  }
  get sawContent(): boolean {
    return this.content;
  }

  inspect(ev: SseEvent): StreamInspection {
    const data = ev.data;
    if (data === '[DONE]' || (data.length < 16 && data.trim() === '[DONE]')) {
      this.done = true;
      return { forward: true, content: false, terminal: true };
    }
    // Once content flows, a plain delta chunk tells the watcher nothing new: only chunks that may
    // carry a finish reason, usage or an error are parsed. The check only decides whether to parse;
    // what the chunk means is still read from the parsed JSON.
    if (this.content && !mayMatter(data)) return PLAIN;
    // Before content, a chunk of the plain text-delta shape is read without a parse: it carries
    // nothing but its text (no finish reason, usage or error), so it is content when the text is not
    // empty. The first chunks of nearly every stream are of this shape, so it is tried first.
    if (!this.content) {
      const text = plainText(data);
      if (text !== undefined) {
        if (text === '') return PLAIN;
        this.content = true;
        return FIRST_CONTENT;
      }
    }
    // The finish chunk's usual shape carries only its reason.
    const finish = plainFinish(data);
    if (finish !== undefined) {
      this.finish = finish;
      return PLAIN;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return {
        forward: false,
        content: false,
        terminal: true,
        error: { message: `upstream sent malformed stream data: ${data.slice(0, 80)}`, type: 'stream_broken' },
      };
    }
    if (!isObj(chunk)) {
      return {
        forward: false,
        content: false,
        terminal: true,
        error: { message: 'upstream sent a stream event that is not a JSON object', type: 'stream_broken' },
      };
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      return { forward: true, content: false, terminal: true, error: errorOf(chunk.error) };
    }
    if (isObj(chunk.usage)) this.lastUsage = usageFromOpenAi(chunk.usage);
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    if (choices.length === 0) {
      // The usage-only chunk the daemon requested for the ledger: hidden unless the client asked.
      const usageOnly = isObj(chunk.usage);
      return { forward: !usageOnly || this.clientWantsUsage, content: false, terminal: false };
    }
    let hasContent = false;
    for (const c of choices) {
      if (!isObj(c)) continue;
      if (typeof c.finish_reason === 'string') this.finish = c.finish_reason;
      if (!hasContent && deltaHasContent(c.delta)) hasContent = true;
    }
    const first = hasContent && !this.content;
    if (hasContent) this.content = true;
    return { forward: true, content: first, terminal: false };
  }
}
