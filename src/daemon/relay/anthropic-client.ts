// The Anthropic client side: errors in Anthropic's shape (with request-id), pass-through to
// Anthropic upstreams, and translation through the canonical form to every other format.
import { decodeAnthropicRequest } from '../../wire/anthropic/request-decode.js';
import { ANTHROPIC_PING } from '../../wire/anthropic/stream-encoder.js';
import type { AnthropicRequest } from '../../wire/anthropic/types.js';
import type { CanonicalRequest } from '../../wire/canonical.js';
import { anthropicErrorBody, anthropicStreamErrorPayload, type ClientError } from '../../wire/errors.js';
import { sseData } from '../../wire/sse.js';
import { anthropicPassthrough } from './anthropic-passthrough.js';
import { anthropicClientCodec } from './client-codecs.js';
import type { RelayContext } from './context.js';
import { continuationRelay } from './splice.js';
import { translatedRelay } from './translated.js';
import type { ClientSide } from './types.js';

/** Claude Code compacts the conversation when it reads "prompt is too long"; other upstreams word it their own way. */
export function withAnthropicWording(e: ClientError): ClientError {
  if (e.code !== 'context_length_exceeded' || /prompt is too long/i.test(e.message)) return e;
  return { ...e, message: `prompt is too long: ${e.message}` };
}

export function anthropicClient(req: AnthropicRequest, ctx: RelayContext, inputTokensEstimate: number): ClientSide {
  const codec = anthropicClientCodec(ctx, inputTokensEstimate);
  // Decoded on the first translated attempt only; pass-through never needs it.
  let canonical: CanonicalRequest | undefined;
  return {
    format: 'anthropic',
    contentType: 'application/json',
    relayFor(upstream) {
      if (upstream === 'anthropic') return anthropicPassthrough(req);
      canonical ??= decodeAnthropicRequest(req);
      return translatedRelay(canonical, upstream, codec, ctx);
    },
    continuation(upstream, sent, prefill) {
      canonical ??= decodeAnthropicRequest(req);
      return continuationRelay(canonical, upstream, codec, ctx, sent, prefill);
    },
    errorResponse: (e) => anthropicErrorBody(withAnthropicWording(e), ctx.requestId),
    streamError: (e) => sseData(JSON.stringify(anthropicStreamErrorPayload(withAnthropicWording(e))), 'error'),
    keepAlive: ANTHROPIC_PING,
  };
}
