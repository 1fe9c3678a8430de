// The upstream half of a translated exchange, one entry per provider wire format, each built only
// from the src/wire codecs: canonical request -> upstream body, upstream JSON -> canonical
// response, upstream byte chunks -> canonical stream events.
import type { ModelEntry, Target } from '../../config/schema.js';
import { AnthropicStreamDecoder } from '../../wire/anthropic/stream-decoder.js';
import { decodeAnthropicResponse } from '../../wire/anthropic/response-codec.js';
import { encodeAnthropicRequest } from '../../wire/anthropic/request-encode.js';
import type { CanonicalBlock, CanonicalRequest, CanonicalResponse, CanonicalStreamEvent } from '../../wire/canonical.js';
import type { UpstreamFormat } from '../../wire/errors.js';
import { encodeGeminiRequest } from '../../wire/gemini/request-encode.js';
import { decodeGeminiResponse, GeminiStreamDecoder } from '../../wire/gemini/response-decode.js';
import { isObj, type Obj } from '../../wire/json-object.js';
import { encodeOllamaRequest } from '../../wire/ollama/request-encode.js';
import { decodeOllamaResponse, OllamaStreamDecoder } from '../../wire/ollama/response-decode.js';
import { isReasoningModel } from '../../wire/openai/reasoning-models.js';
import { encodeOpenAiRequest } from '../../wire/openai/request-encode.js';
import { decodeOpenAiResponse } from '../../wire/openai/response-codec.js';
import { OpenAiStreamDecoder } from '../../wire/openai/stream-decoder.js';
import { encodeResponsesRequest } from '../../wire/responses/request-encode.js';
import { decodeResponsesResponse } from '../../wire/responses/response-codec.js';
import { ResponsesStreamDecoder } from '../../wire/responses/stream-decoder.js';
import { NdjsonDecoder, SseDecoder, type SseEvent } from '../../wire/sse.js';
import { WireError } from '../../wire/wire-error.js';
import type { SignatureBook } from '../providers/types.js';
import { catalogOf, providerTypeOf, type RelayContext } from './context.js';

/** Upstream text chunks in, canonical events out; end() at upstream EOF. */
export interface ChunkDecoder {
  push(text: string): CanonicalStreamEvent[];
  end(): CanonicalStreamEvent[];
}

export interface UpstreamCodec {
  body(c: CanonicalRequest): Record<string, unknown>;
  /** null when the text is not an answer in this format (the attempt then counts as a broken reply). */
  decode(text: string): CanonicalResponse | null;
  streamDecoder(): ChunkDecoder;
}

/** Anthropic requires max_tokens; a client that gave none gets this much (or the model's limit if lower). */
const DEFAULT_MAX_TOKENS = 8192;

function parse(text: string): Obj | null {
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : null;
  } catch {
    return null;
  }
}

/** Clamped to the model's output limit when the catalog knows it: a larger value is a 400 upstream. */
function limited(c: CanonicalRequest, entry: ModelEntry | undefined): CanonicalRequest {
  const cap = entry?.maxOutput;
  return cap === undefined || c.maxTokens === undefined || c.maxTokens <= cap ? c : { ...c, maxTokens: cap };
}

interface EventDecoder {
  push(ev: SseEvent): CanonicalStreamEvent[];
  end(): CanonicalStreamEvent[];
}

function sseChunks(decoder: EventDecoder): ChunkDecoder {
  const sse = new SseDecoder();
  const feed = (events: SseEvent[]): CanonicalStreamEvent[] => {
    if (events.length === 1) return decoder.push(events[0] as SseEvent);
    const out: CanonicalStreamEvent[] = [];
    for (const ev of events) for (const c of decoder.push(ev)) out.push(c);
    return out;
  };
  return {
    push: (text) => feed(sse.push(text)),
    end: () => [...feed(sse.end()), ...decoder.end()],
  };
}

function ndjsonChunks(decoder: OllamaStreamDecoder): ChunkDecoder {
  const ndjson = new NdjsonDecoder();
  const feed = (read: () => unknown[]): CanonicalStreamEvent[] => {
    let lines: unknown[];
    try {
      lines = read();
    } catch (err) {
      if (!(err instanceof WireError)) throw err;
      return [{ type: 'error', error: { type: 'api_error', code: 'stream_broken', message: err.message } }];
    }
    const out: CanonicalStreamEvent[] = [];
    for (const line of lines) for (const c of decoder.push(line)) out.push(c);
    return out;
  };
  return {
    push: (text) => feed(() => ndjson.push(text)),
    end: () => {
      const rest = feed(() => ndjson.end());
      return rest.some((e) => e.type === 'error') ? rest : [...rest, ...decoder.end()];
    },
  };
}

function rememberSignatures(book: SignatureBook | undefined, blocks: readonly CanonicalBlock[]): void {
  if (book === undefined) return;
  for (const b of blocks) if (b.type === 'tool_use' && b.thoughtSignature !== undefined) book.set(b.id, b.thoughtSignature);
}

function signatureWatch(book: SignatureBook | undefined, inner: ChunkDecoder): ChunkDecoder {
  if (book === undefined) return inner;
  const watch = (events: CanonicalStreamEvent[]): CanonicalStreamEvent[] => {
    for (const ev of events)
      if (ev.type === 'block_start' && ev.block.type === 'tool_use' && ev.block.thoughtSignature !== undefined)
        book.set(ev.block.id, ev.block.thoughtSignature);
    return events;
  };
  return { push: (text) => watch(inner.push(text)), end: () => watch(inner.end()) };
}

export function upstreamCodec(format: UpstreamFormat, target: Target, ctx: RelayContext): UpstreamCodec {
  const entry = catalogOf(ctx, target);
  // Gemini and Ollama give tool calls no ids (or not always): ours are unique per request.
  const toolIdPrefix = `call_${ctx.requestId.replace(/[^a-zA-Z0-9_-]/g, '_')}_`;
  switch (format) {
    case 'openai': {
      const reasoningModel = isReasoningModel(target.model, entry?.reasoning);
      return {
        body: (c) =>
          encodeOpenAiRequest(limited(c, entry), {
            model: target.model,
            streamUsage: true,
            // reasoning_effort is a 400 on models without reasoning; send it only where the catalog or the name says it works.
            reasoning: entry?.reasoning === true || reasoningModel,
            // Reasoning models reject max_tokens and set sampling wherever they are served; other models on
            // OpenAI itself take max_completion_tokens, while compatible servers often only know max_tokens.
            reasoningModel,
            maxTokensField: providerTypeOf(ctx, target) === 'openai' ? 'max_completion_tokens' : undefined,
          }) as unknown as Record<string, unknown>,
        decode: (text) => {
          const json = parse(text);
          return json !== null && Array.isArray(json.choices) ? decodeOpenAiResponse(json) : null;
        },
        streamDecoder: () => sseChunks(new OpenAiStreamDecoder()),
      };
    }
    case 'anthropic':
      return {
        body: (c) =>
          encodeAnthropicRequest(c, {
            model: target.model,
            maxTokensCap: entry?.maxOutput,
            defaultMaxTokens: Math.min(entry?.maxOutput ?? DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOKENS),
          }) as unknown as Record<string, unknown>,
        decode: (text) => {
          const json = parse(text);
          return json !== null && Array.isArray(json.content) ? decodeAnthropicResponse(json) : null;
        },
        streamDecoder: () => sseChunks(new AnthropicStreamDecoder()),
      };
    case 'gemini': {
      const book = ctx.adapters().get(target.provider)?.thoughtSignatures;
      return {
        body: (c) =>
          encodeGeminiRequest(limited(c, entry), {
            thoughtSignatureFor: book === undefined ? undefined : (id) => book.get(id),
          }) as unknown as Record<string, unknown>,
        decode: (text) => {
          const json = parse(text);
          if (json === null || !(Array.isArray(json.candidates) || isObj(json.promptFeedback))) return null;
          const res = decodeGeminiResponse(json, { toolIdPrefix });
          rememberSignatures(book, res.content);
          return res;
        },
        streamDecoder: () => signatureWatch(book, sseChunks(new GeminiStreamDecoder({ toolIdPrefix }))),
      };
    }
    case 'ollama':
      return {
        body: (c) => encodeOllamaRequest(limited(c, entry), { model: target.model }) as unknown as Record<string, unknown>,
        decode: (text) => {
          const json = parse(text);
          return json !== null && isObj(json.message) ? decodeOllamaResponse(json, { toolIdPrefix }) : null;
        },
        streamDecoder: () => ndjsonChunks(new OllamaStreamDecoder({ toolIdPrefix })),
      };
    case 'responses':
      return {
        // reasoning.effort is a 400 on models without reasoning, as reasoning_effort is on Chat.
        body: (c) =>
          encodeResponsesRequest(limited(c, entry), { model: target.model, reasoning: entry?.reasoning === true }) as unknown as Record<
            string,
            unknown
          >,
        decode: (text) => {
          const json = parse(text);
          return json !== null && Array.isArray(json.output) ? decodeResponsesResponse(json) : null;
        },
        streamDecoder: () => sseChunks(new ResponsesStreamDecoder()),
      };
  }
}

/**
 * The upstream's stream decoded again from its own bytes, with no request context: how the rescue
 * learns exactly what a broken attempt had sent the client. null for a format it cannot read.
 */
export function replayDecoder(format: UpstreamFormat): ChunkDecoder | null {
  switch (format) {
    case 'openai':
      return sseChunks(new OpenAiStreamDecoder());
    case 'anthropic':
      return sseChunks(new AnthropicStreamDecoder());
    case 'gemini':
      return sseChunks(new GeminiStreamDecoder({ toolIdPrefix: 'call_' }));
    case 'ollama':
      return ndjsonChunks(new OllamaStreamDecoder({ toolIdPrefix: 'call_' }));
    default:
      return null;
  }
}
