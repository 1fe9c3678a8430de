// Builds one adapter per configured provider. Rebuilt on every config swap; the old set is closed
// after its in-flight requests finish. State that must outlive a swap (Gemini thought signatures)
// is the daemon's, handed in on every build.
import { readFileSync } from 'node:fs';
import type { Config } from '../../config/schema.js';
import { resolveSecret } from '../../config/secrets.js';
import { createAnthropicAdapter } from './anthropic.js';
import { createGeminiAdapter } from './gemini.js';
import { createOllamaAdapter } from './ollama.js';
import { createOpenAiAdapter } from './openai.js';
import { createSimulatedAdapter } from './simulated.js';
import type { ProviderAdapter, SignatureBook } from './types.js';

export type Adapters = ReadonlyMap<string, ProviderAdapter>;

export function buildAdapters(config: Config, env: Record<string, string | undefined>, thoughtSignatures: SignatureBook): Adapters {
  const out = new Map<string, ProviderAdapter>();
  for (const [id, p] of Object.entries(config.providers)) {
    const key = resolveSecret(p.apiKey, env, (f) => readFileSync(f, 'utf8')).value;
    switch (p.type) {
      case 'simulated':
        out.set(id, createSimulatedAdapter(id, p));
        break;
      case 'openai':
      case 'openai-compatible':
        out.set(id, createOpenAiAdapter(id, p, key));
        break;
      case 'anthropic':
        out.set(id, createAnthropicAdapter(id, p, key));
        break;
      case 'gemini':
        out.set(id, createGeminiAdapter(id, p, key, thoughtSignatures));
        break;
      case 'ollama':
        out.set(id, createOllamaAdapter(id, p, key));
        break;
    }
  }
  return out;
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  await Promise.allSettled([...adapters.values()].map((a) => a.close()));
}
