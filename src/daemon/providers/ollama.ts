// `ollama` providers: the native /api/chat endpoint (NDJSON streams, whole tool calls, thinking).
// A base written for Ollama's OpenAI-compatible endpoint (…/v1) is accepted and trimmed.
import type { ProviderConfig } from '../../config/schema.js';
import { HttpUpstream, upstreamOptions } from './http-upstream.js';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from './types.js';

const DEFAULT_BASE = 'http://127.0.0.1:11434';

export function ollamaBase(baseUrl: string | undefined): string {
  return (baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function createOllamaAdapter(id: string, cfg: ProviderConfig, apiKey: string | undefined): ProviderAdapter {
  const http = new HttpUpstream(ollamaBase(cfg.baseUrl), 'ollama', upstreamOptions(cfg));
  // Local Ollama ignores auth; hosted Ollama and reverse proxies in front of it take a bearer key.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/x-ndjson, application/json',
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    ...cfg.headers,
  };
  return {
    id,
    format: 'ollama',
    send(call: UpstreamCall): Promise<UpstreamReply> {
      return http.post('/api/chat', headers, JSON.stringify(call.body), call.stream, call.signal);
    },
    close: () => http.close(),
  };
}
