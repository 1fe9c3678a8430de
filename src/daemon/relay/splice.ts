// Mid-stream rescue, the relay's half: a continuation request (the client's request plus the text
// already sent as a trailing assistant message) and a client stream encoder that carries on the
// stream the client already has. The encoder is the client format's own, primed with the events
// the client already saw (output discarded), so its state is exactly "that text, block open"; the
// continuation's message start and its text block's start are dropped and its text is joined to
// the open block. Any client format whose codec is a StreamEncoder over canonical events plugs in.
import type { CanonicalRequest, CanonicalStreamEvent } from '../../wire/canonical.js';
import type { UpstreamFormat } from '../../wire/errors.js';
import type { ClientCodec, StreamEncoder } from './client-codecs.js';
import type { RelayContext } from './context.js';
import { translatedRelay } from './translated.js';
import type { Relay } from './types.js';
import type { ChunkDecoder } from './upstream-codecs.js';

/** What the client already has of a broken answer. */
export interface SentSoFar {
  text: string;
  /** The canonical events behind it (start, text blocks and their deltas). */
  events: CanonicalStreamEvent[];
}

/** Continuation block indexes that cannot collide with the primed ones. */
const FRESH = 1_000_000;

class SpliceEncoder implements StreamEncoder {
  /** The primed text block the continuation's first text block joins. */
  private readonly openIndex: number | undefined;
  private joined: number | undefined;
  private readonly dropped = new Set<number>();
  private trimLead: boolean;

  constructor(
    private readonly inner: StreamEncoder,
    sent: SentSoFar,
    dropLeadingSpace: boolean,
  ) {
    let open: number | undefined;
    for (const ev of sent.events) {
      inner.encode(ev);
      if (ev.type === 'block_start' && ev.block.type === 'text') open = ev.index;
      else if (ev.type === 'block_stop' && ev.index === open) open = undefined;
    }
    this.openIndex = open;
    this.trimLead = dropLeadingSpace;
  }

  encode(ev: CanonicalStreamEvent): string {
    switch (ev.type) {
      case 'start':
        return '';
      case 'block_start':
        // Text only: the client saw no reasoning before, and it must not appear mid-answer.
        if (ev.block.type === 'thinking' || ev.block.type === 'redacted_thinking') {
          this.dropped.add(ev.index);
          return '';
        }
        if (ev.block.type === 'text' && this.joined === undefined && this.openIndex !== undefined) {
          this.joined = ev.index;
          return '';
        }
        return this.inner.encode({ ...ev, index: ev.index + FRESH });
      case 'text_delta':
      case 'thinking_delta':
      case 'signature_delta':
      case 'tool_args_delta':
      case 'block_stop': {
        if (this.dropped.has(ev.index)) return '';
        if (ev.index !== this.joined) return this.inner.encode({ ...ev, index: ev.index + FRESH });
        if (ev.type === 'text_delta' && this.trimLead) {
          const text = ev.text.trimStart();
          if (text === '') return '';
          this.trimLead = false;
          return this.inner.encode({ ...ev, index: this.openIndex as number, text });
        }
        return this.inner.encode({ ...ev, index: this.openIndex as number });
      }
      default:
        return this.inner.encode(ev);
    }
  }
}

/** The client's request with the text already sent as the assistant's unfinished turn. */
function withPrefill(req: CanonicalRequest, prefill: string): CanonicalRequest {
  return { ...req, stream: true, messages: [...req.messages, { role: 'assistant', content: [{ type: 'text', text: prefill }] }] };
}

export function continuationRelay(
  req: CanonicalRequest,
  upstream: UpstreamFormat,
  client: ClientCodec,
  ctx: RelayContext,
  sent: SentSoFar,
  prefill: { prefill: string; dropLeadingSpace: boolean },
): Relay {
  const splice: ClientCodec = {
    encodeJson: client.encodeJson,
    streamEncoder: (target) => new SpliceEncoder(client.streamEncoder(target), sent, prefill.dropLeadingSpace),
  };
  const relay = translatedRelay(withPrefill(req, prefill.prefill), upstream, splice, ctx);
  if (upstream !== 'openai') return relay;
  return { ...relay, upstreamBody: (target) => asOpenAiPrefill(relay.upstreamBody(target)) };
}

/**
 * Chat Completions has no prefill of its own: the servers that continue a trailing assistant
 * message each ask for it their way. DeepSeek and Mistral read `prefix: true` on that message,
 * vLLM-style servers `continue_final_message` without a generation prompt. Without them the model
 * would answer afresh and the splice would repeat the answer.
 */
function asOpenAiPrefill(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return body;
  const last = messages[messages.length - 1] as Record<string, unknown>;
  return {
    ...body,
    messages: [...messages.slice(0, -1), { ...last, prefix: true }],
    continue_final_message: true,
    add_generation_prompt: false,
  };
}

/**
 * What the client got from a broken attempt, read again from the upstream's own bytes with that
 * format's decoder (the same events that were forwarded or translated, up to the break). null when
 * the answer so far is not plain text: a half tool call or thinking block cannot be continued.
 */
export function sentSoFar(chunks: readonly string[], decoder: ChunkDecoder | null): SentSoFar | null {
  if (decoder === null) return null;
  const events: CanonicalStreamEvent[] = [];
  let text = '';
  for (const chunk of chunks) {
    for (const ev of decoder.push(chunk)) {
      switch (ev.type) {
        case 'error':
          return { text, events };
        case 'start':
        case 'block_stop':
          events.push(ev);
          break;
        case 'block_start':
          if (ev.block.type !== 'text') return null;
          events.push(ev);
          break;
        case 'text_delta':
          text += ev.text;
          events.push(ev);
          break;
        case 'thinking_delta':
        case 'tool_args_delta':
        case 'signature_delta':
          return null;
        default:
          break;
      }
    }
  }
  return { text, events };
}

/** The client's answer grown by a continuation that broke in turn. */
export function extendSent(sent: SentSoFar, more: SentSoFar, dropLeadingSpace: boolean): SentSoFar {
  const open = sent.events.findLast((e) => e.type === 'block_start');
  let extra = more.text;
  if (dropLeadingSpace) extra = extra.trimStart();
  if (open === undefined || extra === '') return sent;
  return {
    text: sent.text + extra,
    events: [...sent.events, { type: 'text_delta', index: (open as { index: number }).index, text: extra }],
  };
}
