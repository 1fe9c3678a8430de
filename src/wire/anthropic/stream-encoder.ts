// Canonical stream events -> Anthropic SSE (PROTOCOLS 2.7, 2.8, 3.6): every event has an
// `event:` line, message_start carries usage (an estimate when the upstream reports at the end;
// message_delta then carries the real counts), blocks are numbered 0,1,2… by our own counter and
// never interleaved, tool ids are made safe, and an error ends the stream with no message_stop.
import type { CanonicalStreamEvent, StreamBlockStart } from '../canonical.js';
import { anthropicStreamErrorPayload } from '../errors.js';
import { sseData } from '../sse.js';
import { toAnthropicToolId } from '../tool-ids.js';
import { usageToAnthropic, zeroUsage, type Usage } from '../usage.js';

export interface AnthropicStreamOptions {
  id: string;
  model: string;
  /** message_start input_tokens when the upstream has not told us yet (OpenAI reports usage last). */
  inputTokensEstimate?: number;
  /** Forward unsigned reasoning from other providers as thinking blocks. Default true. */
  thinking?: boolean;
}

// JSON.stringify never emits a raw line break, so every event is one `data:` line and can be
// framed directly; `type` goes first, as Anthropic sends it.
function event(name: string, payload: object): string {
  const rest = JSON.stringify(payload);
  return `event: ${name}\ndata: {"type":"${name}"${rest === '{}' ? '' : `,${rest.slice(1, -1)}`}}\n\n`;
}

// The events every stream has many of (or ends with), built without an intermediate object.
const MESSAGE_STOP = 'event: message_stop\ndata: {"type":"message_stop"}\n\n';

/** A keep-alive every Anthropic client ignores; valid anywhere in a stream, even before message_start. */
export const ANTHROPIC_PING = 'event: ping\ndata: {"type":"ping"}\n\n';

function blockStop(index: number): string {
  return `event: content_block_stop\ndata: {"type":"content_block_stop","index":${index}}\n\n`;
}

function blockDelta(index: number, type: string, field: string, value: string): string {
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"${type}","${field}":${JSON.stringify(value)}}}\n\n`;
}

function contentBlock(b: StreamBlockStart): object {
  switch (b.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: b.data };
    case 'tool_use':
      return { type: 'tool_use', id: toAnthropicToolId(b.id), name: b.name, input: {} };
    case 'raw':
      return b.value;
  }
}

export class AnthropicStreamEncoder {
  private readonly indices = new Map<number, number>();
  private nextBlock = 0;
  private open: number | null = null;
  private started = false;
  private closed = false;

  constructor(private readonly opts: AnthropicStreamOptions) {}

  encode(ev: CanonicalStreamEvent): string {
    if (this.closed) return '';
    switch (ev.type) {
      case 'start':
        return this.start(ev.usage);
      case 'block_start': {
        if (ev.block.type === 'thinking' && this.opts.thinking === false) return '';
        const prefix = this.start() + this.stopOpen();
        const index = this.nextBlock++;
        this.indices.set(ev.index, index);
        this.open = index;
        return prefix + event('content_block_start', { index, content_block: contentBlock(ev.block) });
      }
      case 'text_delta':
        return this.delta(ev.index, 'text_delta', 'text', ev.text);
      case 'thinking_delta':
        return this.delta(ev.index, 'thinking_delta', 'thinking', ev.thinking);
      case 'signature_delta':
        return this.delta(ev.index, 'signature_delta', 'signature', ev.signature);
      case 'tool_args_delta':
        return ev.json === '' ? '' : this.delta(ev.index, 'input_json_delta', 'partial_json', ev.json);
      case 'block_stop': {
        const index = this.indices.get(ev.index);
        if (index === undefined || index !== this.open) return '';
        this.open = null;
        return blockStop(index);
      }
      case 'finish': {
        const u = usageToAnthropic(ev.usage ?? { ...zeroUsage });
        return (
          this.start() +
          this.stopOpen() +
          event('message_delta', {
            delta: { stop_reason: ev.stopReason, stop_sequence: ev.stopSequence ?? null },
            usage: {
              input_tokens: u.input_tokens,
              output_tokens: u.output_tokens,
              cache_creation_input_tokens: u.cache_creation_input_tokens,
              cache_read_input_tokens: u.cache_read_input_tokens,
            },
          })
        );
      }
      case 'end':
        this.closed = true;
        return MESSAGE_STOP;
      case 'error':
        this.closed = true;
        return sseData(
          JSON.stringify(anthropicStreamErrorPayload({ status: 500, type: ev.error.type, message: ev.error.message })),
          'error',
        );
      case 'ping':
        return ANTHROPIC_PING;
      default:
        return '';
    }
  }

  private start(usage?: Usage): string {
    if (this.started) return '';
    this.started = true;
    const u =
      usage !== undefined
        ? usageToAnthropic(usage)
        : {
            input_tokens: this.opts.inputTokensEstimate ?? 0,
            output_tokens: 0,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          };
    // Once per stream, but on every stream: framed from a template rather than a stringified object.
    return (
      `event: message_start\ndata: {"type":"message_start","message":{"id":${JSON.stringify(this.opts.id)},"type":"message","role":"assistant","content":[],` +
      `"model":${JSON.stringify(this.opts.model)},"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":${u.input_tokens},"output_tokens":${u.output_tokens},` +
      `"cache_creation_input_tokens":${u.cache_creation_input_tokens ?? 0},"cache_read_input_tokens":${u.cache_read_input_tokens ?? 0}}}}\n\n`
    );
  }

  private stopOpen(): string {
    if (this.open === null) return '';
    const index = this.open;
    this.open = null;
    return blockStop(index);
  }

  private delta(canonicalIndex: number, type: string, field: string, value: string): string {
    const index = this.indices.get(canonicalIndex);
    if (index === undefined || index !== this.open) return '';
    return blockDelta(index, type, field, value);
  }
}
