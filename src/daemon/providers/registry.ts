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
import { createScrubber, headerSecrets, type Scrubber } from '../secret-scrubber.js';

export type Adapters = ReadonlyMap<string, ProviderAdapter>;

/** Each adapter set's scrubber: built with it from the same resolved secrets, so a reload replaces both. */
const scrubbers = new WeakMap<Adapters, Scrubber>();
const noScrubber: Scrubber = createScrubber([]);

export function scrubberOf(adapters: Adapters): Scrubber {
  return scrubbers.get(adapters) ?? noScrubber;
}

export function buildAdapters(config: Config, env: Record<string, string | undefined>, thoughtSignatures: SignatureBook): Adapters {
  const out = new Map<string, ProviderAdapter>();
  const secrets: Array<string | undefined> = [];
  const read = (f: string) => readFileSync(f, 'utf8');
  for (const [id, p] of Object.entries(config.providers)) {
    const key = resolveSecret(p.apiKey, env, read).value;
    secrets.push(
      key,
      resolveSecret(p.quota?.token, env, read).value,
      resolveSecret(p.balance?.token, env, read).value,
      ...headerSecrets(p.headers),
    );
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
  scrubbers.set(out, createScrubber(secrets));
  return out;
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  await Promise.allSettled([...adapters.values()].map((a) => a.close()));
}
