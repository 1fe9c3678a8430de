// Ollama /api/chat answers -> canonical, non-streaming and NDJSON streaming (PROTOCOLS 6.1).
// Ollama sends whole tool calls without ids and says done_reason "stop" even after calling
// tools; ids come from the caller (pure room) and tools decide the stop reason.
import type { CanonicalBlock, CanonicalResponse, CanonicalStreamEvent, Json, StopReason } from '../canonical.js';
import { usageFromOllama, zeroUsage, type Usage } from '../usage.js';
import { BlockSequencer } from '../block-sequencer.js';
import { isObj, type Obj } from '../json-object.js';

export interface OllamaDecodeOptions {
  /** Prefix for generated tool-call ids; call n gets `${toolIdPrefix}${n}`. */
  toolIdPrefix: string;
}

function stopOf(doneReason: unknown, hasTools: boolean): StopReason {
  if (doneReason === 'length') return 'max_tokens';
  return hasTools ? 'tool_use' : 'end_turn';
}

function toolCalls(message: Obj): { name: string; input: Json }[] {
  if (!Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.flatMap((tc) => {
    const fn = isObj(tc) && isObj(tc.function) ? tc.function : undefined;
    if (fn === undefined) return [];
    const args = isObj(fn.arguments) ? fn.arguments : typeof fn.arguments === 'string' ? safeObject(fn.arguments) : {};
    return [{ name: String(fn.name ?? ''), input: args }];
  });
}

function safeObject(text: string): Json {
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : { raw_arguments: text };
  } catch {
    return { raw_arguments: text };
  }
}

export function decodeOllamaResponse(body: unknown, opts: OllamaDecodeOptions): CanonicalResponse {
  const b = isObj(body) ? body : {};
  const m = isObj(b.message) ? b.message : {};
  const content: CanonicalBlock[] = [];
  if (typeof m.thinking === 'string' && m.thinking !== '') content.push({ type: 'thinking', thinking: m.thinking });
  if (typeof m.content === 'string' && m.content !== '') content.push({ type: 'text', text: m.content });
  const calls = toolCalls(m);
  calls.forEach((c, n) => content.push({ type: 'tool_use', id: `${opts.toolIdPrefix}${n}`, name: c.name, input: c.input }));
  return {
    id: '',
    model: typeof b.model === 'string' ? b.model : '',
    content,
    stopReason: stopOf(b.done_reason, calls.length > 0),
    usage: usageFromOllama(b) ?? { ...zeroUsage },
  };
}

/** Takes the parsed NDJSON lines (NdjsonDecoder) of a streaming /api/chat answer. */
export class OllamaStreamDecoder {
  private started = false;
  private readonly blocks = new BlockSequencer();
  private toolCount = 0;
  private done = false;

  constructor(private readonly opts: OllamaDecodeOptions) {}

  push(line: unknown): CanonicalStreamEvent[] {
    if (this.done || !isObj(line)) return [];
    if (line.error !== undefined) return this.fail(typeof line.error === 'string' ? line.error : 'upstream stream error');
    const out: CanonicalStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({ type: 'start', id: '', model: typeof line.model === 'string' ? line.model : '' });
    }
    const m = isObj(line.message) ? line.message : {};
    if (typeof m.thinking === 'string' && m.thinking !== '') this.blocks.text(out, 'thinking', m.thinking);
    if (typeof m.content === 'string' && m.content !== '') this.blocks.text(out, 'text', m.content);
    for (const call of toolCalls(m)) {
      this.blocks.toolCall(
        out,
        { type: 'tool_use', id: `${this.opts.toolIdPrefix}${this.toolCount++}`, name: call.name },
        JSON.stringify(call.input),
      );
    }
    if (line.done === true) {
      this.blocks.close(out);
      const usage: Usage = usageFromOllama(line) ?? { ...zeroUsage };
      out.push({ type: 'finish', stopReason: stopOf(line.done_reason, this.toolCount > 0), usage }, { type: 'end' });
      this.done = true;
    }
    return out;
  }

  end(): CanonicalStreamEvent[] {
    return this.done ? [] : this.fail('upstream stream ended before done');
  }

  private fail(message: string): CanonicalStreamEvent[] {
    this.done = true;
    return [{ type: 'error', error: { type: 'api_error', message } }];
  }
}
