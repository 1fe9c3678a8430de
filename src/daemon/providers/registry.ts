// Builds one adapter per configured provider. Rebuilt on every config swap; the old set is closed
// after its in-flight requests finish.
import { readFileSync } from 'node:fs';
import type { Config } from '../../config/schema.js';
import { resolveSecret } from '../../config/secrets.js';
import { createOpenAiAdapter } from './openai.js';
import { createSimulatedAdapter } from './simulated.js';
import type { ProviderAdapter } from './types.js';

export type Adapters = ReadonlyMap<string, ProviderAdapter>;

export function buildAdapters(config: Config, env: Record<string, string | undefined>): Adapters {
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
      case 'ollama':
        // Ollama's OpenAI-compatible endpoint; the native /api/chat codec arrives with the wire work.
        out.set(id, createOpenAiAdapter(id, { ...p, baseUrl: ollamaV1(p.baseUrl) }, key ?? 'ollama'));
        break;
      default:
        // anthropic and gemini adapters arrive with the translation work (issue 4); until then a
        // target on them fails over with a clear reason instead of crashing the daemon.
        break;
    }
  }
  return out;
}

function ollamaV1(base: string | undefined): string {
  const b = (base ?? 'http://127.0.0.1:11434').replace(/\/+$/, '');
  return b.endsWith('/v1') ? b : `${b}/v1`;
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  await Promise.allSettled([...adapters.values()].map((a) => a.close()));
}
