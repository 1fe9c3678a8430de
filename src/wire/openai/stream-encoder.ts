// Canonical stream events -> OpenAI chunk SSE (PROTOCOLS 1.5, 3.5): data-only lines, one id,
// role first, tool `index` counting tool calls only, the finish chunk, the usage chunk only when
// the client asked, then [DONE]. An error ends the stream with a data:{"error":…} line and no
// made-up finish_reason.
import type { CanonicalStreamEvent } from '../canonical.js';
import { openAiStreamErrorPayload } from '../errors.js';
import { sseComment, sseData } from '../sse.js';
import { stopToOpenAi } from '../stop-reasons.js';
import { usageToOpenAi, zeroUsage, type Usage } from '../usage.js';
import type { OpenAiChunk } from './types.js';

/** A keep-alive for OpenAI clients: an SSE comment, which every client ignores. */
export const OPENAI_PING = sseComment('ping');

export interface OpenAiStreamOptions {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  /** The client sent stream_options.include_usage. */
  includeUsage: boolean;
  /** Stream thinking as delta.reasoning_content (off for strict clients). */
  reasoningContent?: boolean;
}

type Delta = OpenAiChunk['choices'][number]['delta'];

export class OpenAiStreamEncoder {
  private readonly toolIndex = new Map<number, number>();
  private nextTool = 0;
  private roleSent = false;
  private usage: Usage = { ...zeroUsage };
  private closed = false;

  constructor(private readonly opts: OpenAiStreamOptions) {}

  encode(ev: CanonicalStreamEvent): string {
    if (this.closed) return '';
    switch (ev.type) {
      case 'start':
        return this.role();
      case 'block_start':
        if (ev.block.type !== 'tool_use') return '';
        this.toolIndex.set(ev.index, this.nextTool);
        return (
          this.role() +
          this.chunk({
            tool_calls: [{ index: this.nextTool++, id: ev.block.id, type: 'function', function: { name: ev.block.name, arguments: '' } }],
          })
        );
      case 'text_delta':
        return ev.text === '' ? '' : this.role() + this.chunk({ content: ev.text });
      case 'thinking_delta':
        return this.opts.reasoningContent === true && ev.thinking !== ''
          ? this.role() + this.chunk({ reasoning_content: ev.thinking })
          : '';
      case 'tool_args_delta': {
        const index = this.toolIndex.get(ev.index);
        return index === undefined || ev.json === '' ? '' : this.chunk({ tool_calls: [{ index, function: { arguments: ev.json } }] });
      }
      case 'finish':
        if (ev.usage !== undefined) this.usage = ev.usage;
        return this.role() + this.chunk({}, stopToOpenAi(ev.stopReason) ?? 'stop');
      case 'end':
        this.closed = true;
        return (
          (this.opts.includeUsage ? sseData(JSON.stringify({ ...this.base(), choices: [], usage: usageToOpenAi(this.usage) })) : '') +
          sseData('[DONE]')
        );
      case 'error':
        this.closed = true;
        return sseData(
          JSON.stringify(
            openAiStreamErrorPayload({ status: 500, type: ev.error.type, message: ev.error.message, code: ev.error.code ?? null }),
          ),
        );
      case 'ping':
        return OPENAI_PING;
      default:
        return '';
    }
  }

  private base(): { id: string; object: 'chat.completion.chunk'; created: number; model: string } {
    return { id: this.opts.id, object: 'chat.completion.chunk', created: this.opts.created, model: this.opts.model };
  }

  private role(): string {
    if (this.roleSent) return '';
    this.roleSent = true;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private chunk(delta: Delta, finish: string | null = null): string {
    const c: OpenAiChunk = { ...this.base(), choices: [{ index: 0, delta, finish_reason: finish }] };
    return sseData(JSON.stringify(c));
  }
}
