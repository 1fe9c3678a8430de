// The client half of a translated exchange: canonical response or stream events -> the bytes the
// client's SDK expects. Ids come from the request id so every response is unique and traceable.
import type { Target } from '../../config/schema.js';
import { encodeAnthropicResponse } from '../../wire/anthropic/response-codec.js';
import { AnthropicStreamEncoder } from '../../wire/anthropic/stream-encoder.js';
import type { CanonicalResponse, CanonicalStreamEvent } from '../../wire/canonical.js';
import { encodeOpenAiResponse } from '../../wire/openai/response-codec.js';
import { OpenAiStreamEncoder } from '../../wire/openai/stream-encoder.js';
import type { RelayContext } from './context.js';

export interface StreamEncoder {
  encode(ev: CanonicalStreamEvent): string;
}

export interface ClientCodec {
  encodeJson(res: CanonicalResponse, target: Target): string;
  streamEncoder(target: Target): StreamEncoder;
}

export function openAiClientCodec(ctx: RelayContext, includeUsage: boolean): ClientCodec {
  const id = `chatcmpl-${ctx.requestId}`;
  return {
    encodeJson: (res, target) =>
      JSON.stringify(encodeOpenAiResponse(res, { id, created: Math.floor(ctx.now() / 1000), model: target.model })),
    streamEncoder: (target) => new OpenAiStreamEncoder({ id, created: Math.floor(ctx.now() / 1000), model: target.model, includeUsage }),
  };
}

/** inputTokensEstimate: message_start must carry usage before an OpenAI-style upstream reports any. */
export function anthropicClientCodec(ctx: RelayContext, inputTokensEstimate: number): ClientCodec {
  const id = `msg_${ctx.requestId}`;
  return {
    encodeJson: (res, target) => JSON.stringify(encodeAnthropicResponse(res, { id, model: target.model })),
    streamEncoder: (target) => new AnthropicStreamEncoder({ id, model: target.model, inputTokensEstimate }),
  };
}
