// The OpenAI client side: errors in OpenAI's shape, pass-through to OpenAI-format upstreams, and
// translation through the canonical form to every other format.
import type { CanonicalRequest } from '../../wire/canonical.js';
import { openAiErrorBody, openAiStreamErrorPayload } from '../../wire/errors.js';
import { decodeOpenAiRequest } from '../../wire/openai/request-decode.js';
import { isReasoningModel } from '../../wire/openai/reasoning-models.js';
import { OPENAI_PING } from '../../wire/openai/stream-encoder.js';
import type { OpenAiChatRequest } from '../../wire/openai/types.js';
import { openAiClientCodec, type ClientCodec } from './client-codecs.js';
import { catalogOf, type RelayContext } from './context.js';
import { openAiPassthrough } from './openai-passthrough.js';
import { continuationRelay } from './splice.js';
import { translatedRelay } from './translated.js';
import type { ClientSide } from './types.js';

export function openAiClient(req: OpenAiChatRequest, wantsUsage: boolean, ctx: RelayContext): ClientSide {
  // Built on the first translated attempt only; the pass-through fast path never needs them.
  let canonical: CanonicalRequest | undefined;
  let codec: ClientCodec | undefined;
  return {
    format: 'openai',
    contentType: 'application/json',
    relayFor(upstream) {
      if (upstream === 'openai')
        return openAiPassthrough(req, wantsUsage, (target) => isReasoningModel(target.model, catalogOf(ctx, target)?.reasoning));
      canonical ??= decodeOpenAiRequest(req);
      codec ??= openAiClientCodec(ctx, wantsUsage);
      return translatedRelay(canonical, upstream, codec, ctx);
    },
    continuation(upstream, sent, prefill) {
      canonical ??= decodeOpenAiRequest(req);
      codec ??= openAiClientCodec(ctx, wantsUsage);
      return continuationRelay(canonical, upstream, codec, ctx, sent, prefill);
    },
    errorResponse: openAiErrorBody,
    streamError: (e) => `data: ${JSON.stringify(openAiStreamErrorPayload(e))}\n\n`,
    keepAlive: OPENAI_PING,
  };
}
