// `anthropic` providers: the native Messages API. The client's anthropic-version and
// anthropic-beta reach the upstream byte for byte when an Anthropic client sent them (the gateway
// contract); requests the router translated itself use the version its codec writes.
import type { ProviderConfig } from '../../config/schema.js';
import { HttpUpstream, upstreamOptions } from './http-upstream.js';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from './types.js';

const DEFAULT_BASE = 'https://api.anthropic.com';
/** The request shape encodeAnthropicRequest writes. */
export const ANTHROPIC_VERSION = '2023-06-01';
const forwarded = ['anthropic-version', 'anthropic-beta'] as const;

/** Users write the base with or without /v1 (the SDK's base has none). */
export function messagesPath(baseUrl: string): string {
  return /\/v1\/?$/.test(new URL(baseUrl).pathname) ? '/messages' : '/v1/messages';
}

export function createAnthropicAdapter(id: string, cfg: ProviderConfig, apiKey: string | undefined): ProviderAdapter {
  const base = cfg.baseUrl ?? DEFAULT_BASE;
  const http = new HttpUpstream(base, 'anthropic', upstreamOptions(cfg));
  const path = messagesPath(base);
  const baseHeaders: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'anthropic-version': ANTHROPIC_VERSION,
    ...(apiKey ? { 'x-api-key': apiKey } : {}),
    ...cfg.headers,
  };
  return {
    id,
    format: 'anthropic',
    send(call: UpstreamCall): Promise<UpstreamReply> {
      return http.post(path, withClientHeaders(baseHeaders, call.headers), JSON.stringify(call.body), call.stream, call.signal);
    },
    close: () => http.close(),
  };
}

function withClientHeaders(base: Record<string, string>, client: Record<string, string> | undefined): Record<string, string> {
  if (client === undefined) return base;
  let out = base;
  for (const name of forwarded) {
    const value = client[name];
    if (value === undefined) continue;
    if (out === base) out = { ...base };
    out[name] = value;
  }
  return out;
}
