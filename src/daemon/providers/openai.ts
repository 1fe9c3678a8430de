// `openai` and `openai-compatible` providers (OpenAI, DeepSeek, OpenRouter, vLLM, LM Studio, Groq,
// Ollama's /v1): the request body is already OpenAI-shaped, so this only adds auth and posts.
// A provider that also serves the Responses API gets Responses bodies on /responses; one with
// `responses: only` speaks nothing else, so its wire format is 'responses'.
import type { ProviderConfig } from '../../config/schema.js';
import { HttpUpstream, upstreamOptions } from './http-upstream.js';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from './types.js';

const DEFAULT_BASE = 'https://api.openai.com/v1';

/** A Responses request has `input` (or continues a stored response) and never Chat's `messages`. */
export function isResponsesBody(body: Record<string, unknown>): boolean {
  return body.messages === undefined && (body.input !== undefined || body.previous_response_id !== undefined);
}

export function createOpenAiAdapter(id: string, cfg: ProviderConfig, apiKey: string | undefined): ProviderAdapter {
  const format = cfg.responses === 'only' ? 'responses' : 'openai';
  const http = new HttpUpstream(cfg.baseUrl ?? DEFAULT_BASE, format, upstreamOptions(cfg));
  const baseHeaders: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    ...cfg.headers,
  };
  return {
    id,
    format,
    send(call: UpstreamCall): Promise<UpstreamReply> {
      const path = format === 'responses' || isResponsesBody(call.body) ? '/responses' : '/chat/completions';
      return http.post(path, baseHeaders, JSON.stringify(call.body), call.stream, call.signal);
    },
    close: () => http.close(),
  };
}
