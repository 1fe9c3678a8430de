// Builders and pipes for stream tests: upstream SSE text in, client SSE text out.
import type { CanonicalStreamEvent } from '../../../src/wire/canonical.js';
import { SseDecoder, sseData, type SseEvent } from '../../../src/wire/sse.js';

export interface StreamDecoder {
  push(ev: SseEvent): CanonicalStreamEvent[];
  end(): CanonicalStreamEvent[];
}
export interface StreamEncoder {
  encode(ev: CanonicalStreamEvent): string;
}

export function decodeAll(decoder: StreamDecoder, upstream: string, chunkSize = 7): CanonicalStreamEvent[] {
  const sse = new SseDecoder();
  const out: CanonicalStreamEvent[] = [];
  for (let i = 0; i < upstream.length; i += chunkSize)
    for (const ev of sse.push(upstream.slice(i, i + chunkSize))) out.push(...decoder.push(ev));
  for (const ev of sse.end()) out.push(...decoder.push(ev));
  out.push(...decoder.end());
  return out;
}

export function pipe(decoder: StreamDecoder, encoder: StreamEncoder, upstream: string): string {
  return decodeAll(decoder, upstream)
    .map((e) => encoder.encode(e))
    .join('');
}

export function events(text: string): SseEvent[] {
  const d = new SseDecoder();
  return [...d.push(text), ...d.end()];
}

/** OpenAI upstream stream text from chunk bodies (choices[0] deltas); `null` in the list means [DONE]. */
export function openAiUpstream(parts: ({ delta?: object; finish?: string; usage?: object } | null)[]): string {
  return parts
    .map((p) => {
      if (p === null) return sseData('[DONE]');
      const choices =
        p.delta === undefined && p.finish === undefined ? [] : [{ index: 0, delta: p.delta ?? {}, finish_reason: p.finish ?? null }];
      const body: Record<string, unknown> = { id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices };
      if (p.usage !== undefined) body.usage = p.usage;
      return sseData(JSON.stringify(body));
    })
    .join('');
}

/** Anthropic upstream stream text from event payloads (type doubles as the event name). */
export function anthropicUpstream(payloads: ({ type: string } & Record<string, unknown>)[]): string {
  return payloads.map((p) => sseData(JSON.stringify(p), p.type)).join('');
}

export const anthropicText = (text: string, index = 0) => [
  { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
  { type: 'content_block_stop', index },
];

export const messageStart = (
  usage: object = { input_tokens: 25, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
) => ({
  type: 'message_start',
  message: {
    id: 'msg_up',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-up',
    stop_reason: null,
    stop_sequence: null,
    usage,
  },
});

export function sseResponse(body: string): Response {
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}
