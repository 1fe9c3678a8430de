// `gemini` providers: the Generative Language API (generateContent, streamGenerateContent with
// alt=sse). The adapter hands out the daemon's thought-signature book, because Gemini 3 rejects
// tool-call history without them and neither client format carries them back; the book outlives
// the adapter, which a config reload replaces.
import type { ProviderConfig } from '../../config/schema.js';
import { HttpUpstream, upstreamOptions } from './http-upstream.js';
import type { ProviderAdapter, SignatureBook, UpstreamCall, UpstreamReply } from './types.js';

const DEFAULT_BASE = 'https://generativelanguage.googleapis.com/v1beta';

export function geminiPath(model: string, stream: boolean): string {
  const name = encodeURIComponent(model.replace(/^models\//, ''));
  return stream ? `/models/${name}:streamGenerateContent?alt=sse` : `/models/${name}:generateContent`;
}

export function createGeminiAdapter(
  id: string,
  cfg: ProviderConfig,
  apiKey: string | undefined,
  thoughtSignatures: SignatureBook,
): ProviderAdapter {
  const http = new HttpUpstream(cfg.baseUrl ?? DEFAULT_BASE, 'gemini', upstreamOptions(cfg));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(apiKey ? { 'x-goog-api-key': apiKey } : {}),
    ...cfg.headers,
  };
  return {
    id,
    format: 'gemini',
    thoughtSignatures,
    send(call: UpstreamCall): Promise<UpstreamReply> {
      return http.post(geminiPath(call.target.model, call.stream), headers, JSON.stringify(call.body), call.stream, call.signal);
    },
    close: () => http.close(),
  };
}
