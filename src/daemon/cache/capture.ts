// An upstream's answer, in whatever format it came, as the one canonical response the cache
// stores: a whole body through that format's response decoder, a stream through its stream
// decoder collected whole. null: not an answer worth keeping (broken, or a format not read back).
import { decodeAnthropicResponse } from '../../wire/anthropic/response-codec.js';
import type { CanonicalResponse } from '../../wire/canonical.js';
import type { UpstreamFormat } from '../../wire/errors.js';
import { decodeGeminiResponse } from '../../wire/gemini/response-decode.js';
import { isObj } from '../../wire/json-object.js';
import { decodeOllamaResponse } from '../../wire/ollama/response-decode.js';
import { decodeOpenAiResponse } from '../../wire/openai/response-codec.js';
import { decodeResponsesResponse } from '../../wire/responses/response-codec.js';
import { collectResponse } from '../../wire/stream-collect.js';
import { replayDecoder } from '../relay/upstream-codecs.js';

export function canonicalFromJson(format: UpstreamFormat, text: string): CanonicalResponse | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(json)) return null;
  switch (format) {
    case 'openai':
      return Array.isArray(json.choices) ? decodeOpenAiResponse(json) : null;
    case 'anthropic':
      return Array.isArray(json.content) ? decodeAnthropicResponse(json) : null;
    case 'gemini':
      return Array.isArray(json.candidates) ? decodeGeminiResponse(json, { toolIdPrefix: 'call_' }) : null;
    case 'ollama':
      return isObj(json.message) ? decodeOllamaResponse(json, { toolIdPrefix: 'call_' }) : null;
    case 'responses':
      return Array.isArray(json.output) ? decodeResponsesResponse(json) : null;
  }
}

export function canonicalFromStream(format: UpstreamFormat, chunks: readonly string[]): CanonicalResponse | null {
  const decoder = replayDecoder(format);
  if (!decoder) return null;
  const events = chunks.flatMap((c) => decoder.push(c));
  events.push(...decoder.end());
  return collectResponse(events);
}
