// Which providers have a quota or balance endpoint, with the headers to call it. The token is the
// source's own `token` (env:/file:/literal), else the provider's apiKey. A DeepSeek provider gets
// its documented /user/balance without any extra config.
import { readFileSync } from 'node:fs';
import type { Config, ProviderConfig } from '../../config/schema.js';
import { resolveSecret } from '../../config/secrets.js';

export interface RemoteSource {
  provider: string;
  url: string;
  headers: Record<string, string>;
  /** Quota: window names to keep. */
  windows?: string[];
  /** Balance: JSON path of the number (generic form). */
  path?: string;
}

type Env = Record<string, string | undefined>;

function headersFor(p: ProviderConfig, url: string, tokenRef: string | undefined, env: Env): Record<string, string> {
  const read = (f: string) => readFileSync(f, 'utf8');
  const token = resolveSecret(tokenRef, env, read).value ?? resolveSecret(p.apiKey, env, read).value;
  const headers: Record<string, string> = { ...p.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  // The subscription usage endpoint refuses OAuth tokens without this beta flag (PROTOCOLS.md 6.3).
  if (new URL(url).pathname.endsWith('/api/oauth/usage')) headers['anthropic-beta'] ??= 'oauth-2025-04-20';
  return headers;
}

export function quotaSources(config: Config, env: Env): RemoteSource[] {
  const out: RemoteSource[] = [];
  for (const [provider, p] of Object.entries(config.providers)) {
    if (!p.quota) continue;
    out.push({ provider, url: p.quota.url, headers: headersFor(p, p.quota.url, p.quota.token, env), windows: p.quota.windows });
  }
  return out;
}

function isDeepSeek(p: ProviderConfig): boolean {
  if (!p.baseUrl) return false;
  try {
    return new URL(p.baseUrl).hostname === 'api.deepseek.com';
  } catch {
    return false;
  }
}

export function balanceSources(config: Config, env: Env): RemoteSource[] {
  const out: RemoteSource[] = [];
  for (const [provider, p] of Object.entries(config.providers)) {
    const url = p.balance?.url ?? (isDeepSeek(p) ? 'https://api.deepseek.com/user/balance' : undefined);
    if (url === undefined) continue;
    out.push({ provider, url, headers: headersFor(p, url, p.balance?.token, env), path: p.balance?.path });
  }
  return out;
}
