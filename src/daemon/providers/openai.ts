// `openai` and `openai-compatible` providers (OpenAI, DeepSeek, OpenRouter, vLLM, LM Studio, Groq,
// Ollama's /v1): the request body is already OpenAI-shaped, so this only adds auth and posts.
import { attemptDefaults, type ProviderConfig } from '../../config/schema.js';
import { HttpUpstream } from './http-upstream.js';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from './types.js';

const DEFAULT_BASE = 'https://api.openai.com/v1';

export function createOpenAiAdapter(id: string, cfg: ProviderConfig, apiKey: string | undefined): ProviderAdapter {
  const http = new HttpUpstream(cfg.baseUrl ?? DEFAULT_BASE, 'openai', {
    connectTimeoutMs: cfg.connectTimeoutMs,
    firstByteTimeoutMs: cfg.firstTokenTimeoutMs ?? cfg.firstByteTimeoutMs,
    idleTimeoutMs: cfg.streamIdleTimeoutMs ?? attemptDefaults.streamIdleTimeoutMs,
  });
  const baseHeaders: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    ...cfg.headers,
  };
  return {
    id,
    format: 'openai',
    send(call: UpstreamCall): Promise<UpstreamReply> {
      return http.post('/chat/completions', baseHeaders, JSON.stringify(call.body), call.stream, call.signal);
    },
    close: () => http.close(),
  };
}
