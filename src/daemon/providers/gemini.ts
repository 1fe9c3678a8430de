// `gemini` providers: the Generative Language API (generateContent, streamGenerateContent with
// alt=sse). The adapter also keeps the thought signatures of the calls it answered, because Gemini 3
// rejects tool-call history without them and neither client format carries them back.
import type { ProviderConfig } from '../../config/schema.js';
import { HttpUpstream } from './http-upstream.js';
import type { ProviderAdapter, SignatureBook, UpstreamCall, UpstreamReply } from './types.js';

const DEFAULT_BASE = 'https://generativelanguage.googleapis.com/v1beta';
/** Enough for many concurrent tool loops; the oldest entries go first. */
const SIGNATURES_KEPT = 20_000;

/** Insertion-ordered and bounded: a long-running daemon must not grow without limit. */
export class BoundedSignatureBook implements SignatureBook {
  private readonly byId = new Map<string, string>();

  constructor(private readonly limit = SIGNATURES_KEPT) {}

  get(toolCallId: string): string | undefined {
    return this.byId.get(toolCallId);
  }

  set(toolCallId: string, signature: string): void {
    this.byId.delete(toolCallId);
    this.byId.set(toolCallId, signature);
    if (this.byId.size > this.limit) {
      const oldest = this.byId.keys().next();
      if (oldest.done !== true) this.byId.delete(oldest.value);
    }
  }

  get size(): number {
    return this.byId.size;
  }
}

export function geminiPath(model: string, stream: boolean): string {
  const name = encodeURIComponent(model.replace(/^models\//, ''));
  return stream ? `/models/${name}:streamGenerateContent?alt=sse` : `/models/${name}:generateContent`;
}

export function createGeminiAdapter(id: string, cfg: ProviderConfig, apiKey: string | undefined): ProviderAdapter {
  const http = new HttpUpstream(cfg.baseUrl ?? DEFAULT_BASE, 'gemini', {
    connectTimeoutMs: cfg.connectTimeoutMs,
    firstByteTimeoutMs: cfg.firstByteTimeoutMs,
    idleTimeoutMs: cfg.timeoutMs,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(apiKey ? { 'x-goog-api-key': apiKey } : {}),
    ...cfg.headers,
  };
  return {
    id,
    format: 'gemini',
    thoughtSignatures: new BoundedSignatureBook(),
    send(call: UpstreamCall): Promise<UpstreamReply> {
      return http.post(geminiPath(call.target.model, call.stream), headers, JSON.stringify(call.body), call.stream, call.signal);
    },
    close: () => http.close(),
  };
}
