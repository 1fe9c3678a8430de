// Built-in model facts: context, output limit, capabilities, tier and list price in USD per million
// tokens (input, output, cache read, cache write where the provider bills one). Keys use the provider
// TYPE as prefix; `models:` in config.yaml extends or overrides any of them.
// Prices are list prices as of late 2025; Gemini 2.5 Pro shows the <=200k-token prompt band.
import type { Config, ModelEntry, Target, Tier } from './schema.js';

type Price = [input: number, output: number, cacheRead?: number, cacheWrite?: number];
type Caps = Partial<Record<'reasoning' | 'vision' | 'tools', true>>;

function model(contextWindow: number, maxOutput: number | undefined, tier: Tier, caps: Caps, price: Price): ModelEntry {
  const [input, output, cacheRead, cacheWrite] = price;
  return {
    contextWindow,
    ...(maxOutput === undefined ? {} : { maxOutput }),
    reasoning: caps.reasoning ?? false,
    vision: caps.vision ?? false,
    tools: caps.tools ?? false,
    tier,
    price: {
      input,
      output,
      ...(cacheRead === undefined ? {} : { cacheRead }),
      ...(cacheWrite === undefined ? {} : { cacheWrite }),
    },
  };
}

const all: Caps = { reasoning: true, vision: true, tools: true };
const visionTools: Caps = { vision: true, tools: true };
const local = (contextWindow: number, tier: Tier, caps: Caps): ModelEntry => model(contextWindow, undefined, tier, caps, [0, 0]);

/** The same entry under the moving alias and the dated snapshot id clients also send. */
function withSnapshot(prefix: string, alias: string, snapshot: string, entry: ModelEntry): Record<string, ModelEntry> {
  return { [`${prefix}/${alias}`]: entry, [`${prefix}/${snapshot}`]: entry };
}

const gpt5 = model(400_000, 128_000, 'premium', all, [1.25, 10, 0.125]);
const opus41 = model(200_000, 32_000, 'premium', all, [15, 75, 1.5, 18.75]);
const sonnet4 = model(200_000, 64_000, 'strong', all, [3, 15, 0.3, 3.75]);
const deepseekPrice: Price = [0.28, 0.42, 0.028];

/**
 * Which vendors' models continue a trailing assistant message (prefill), the mid-stream rescue's
 * requirement: Anthropic's Messages API does by design, DeepSeek and Mistral through their chat
 * APIs; OpenAI's Chat Completions answers a new turn instead.
 */
const prefillByVendor: Readonly<Record<string, boolean>> = { anthropic: true, deepseek: true, mistral: true, openai: false };

function withPrefill(entries: Record<string, ModelEntry>): Record<string, ModelEntry> {
  const out: Record<string, ModelEntry> = {};
  for (const [key, entry] of Object.entries(entries)) {
    const prefill = prefillByVendor[key.slice(0, key.indexOf('/'))];
    out[key] = prefill === undefined ? entry : { ...entry, prefill };
  }
  return out;
}

export const builtinCatalog: Record<string, ModelEntry> = withPrefill({
  'openai/gpt-5': gpt5,
  'openai/gpt-5.1': gpt5,
  'openai/gpt-5-codex': gpt5,
  'openai/gpt-5-mini': model(400_000, 128_000, 'strong', all, [0.25, 2, 0.025]),
  'openai/gpt-5-nano': model(400_000, 128_000, 'basic', all, [0.05, 0.4, 0.005]),
  'openai/gpt-5-chat-latest': model(128_000, 16_384, 'strong', visionTools, [1.25, 10, 0.125]),
  'openai/gpt-4.1': model(1_047_576, 32_768, 'strong', visionTools, [2, 8, 0.5]),
  'openai/gpt-4.1-mini': model(1_047_576, 32_768, 'standard', visionTools, [0.4, 1.6, 0.1]),
  'openai/gpt-4.1-nano': model(1_047_576, 32_768, 'basic', visionTools, [0.1, 0.4, 0.025]),
  'openai/gpt-4o': model(128_000, 16_384, 'standard', visionTools, [2.5, 10, 1.25]),
  'openai/gpt-4o-mini': model(128_000, 16_384, 'basic', visionTools, [0.15, 0.6, 0.075]),
  'openai/o3': model(200_000, 100_000, 'premium', all, [2, 8, 0.5]),
  'openai/o4-mini': model(200_000, 100_000, 'strong', all, [1.1, 4.4, 0.275]),

  ...withSnapshot('anthropic', 'claude-opus-4-5', 'claude-opus-4-5-20251101', model(200_000, 64_000, 'premium', all, [5, 25, 0.5, 6.25])),
  ...withSnapshot('anthropic', 'claude-opus-4-1', 'claude-opus-4-1-20250805', opus41),
  ...withSnapshot('anthropic', 'claude-opus-4-0', 'claude-opus-4-20250514', opus41),
  ...withSnapshot('anthropic', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', sonnet4),
  ...withSnapshot('anthropic', 'claude-sonnet-4-0', 'claude-sonnet-4-20250514', sonnet4),
  ...withSnapshot('anthropic', 'claude-haiku-4-5', 'claude-haiku-4-5-20251001', model(200_000, 64_000, 'standard', all, [1, 5, 0.1, 1.25])),
  ...withSnapshot('anthropic', 'claude-3-7-sonnet-latest', 'claude-3-7-sonnet-20250219', sonnet4),
  ...withSnapshot(
    'anthropic',
    'claude-3-5-sonnet-latest',
    'claude-3-5-sonnet-20241022',
    model(200_000, 8_192, 'standard', visionTools, [3, 15, 0.3, 3.75]),
  ),

  'gemini/gemini-2.5-pro': model(1_048_576, 65_536, 'premium', all, [1.25, 10, 0.125]),
  'gemini/gemini-2.5-flash': model(1_048_576, 65_536, 'standard', all, [0.3, 2.5, 0.03]),
  'gemini/gemini-2.5-flash-lite': model(1_048_576, 65_536, 'basic', all, [0.1, 0.4, 0.01]),

  'deepseek/deepseek-chat': model(128_000, 8_192, 'standard', { tools: true }, deepseekPrice),
  'deepseek/deepseek-reasoner': model(128_000, 65_536, 'strong', { reasoning: true }, deepseekPrice),

  // Ollama: local and free; the output limit is whatever num_predict allows, so none is claimed.
  'ollama/llama3.1': local(131_072, 'basic', { tools: true }),
  'ollama/llama3.2': local(131_072, 'basic', { tools: true }),
  'ollama/llama3.2-vision': local(131_072, 'basic', { vision: true }),
  'ollama/llama3.3': local(131_072, 'standard', { tools: true }),
  'ollama/qwen2.5-coder': local(32_768, 'standard', { tools: true }),
  'ollama/qwen3': local(40_960, 'standard', { reasoning: true, tools: true }),
  'ollama/mistral': local(32_768, 'basic', { tools: true }),
  'ollama/gemma3': local(131_072, 'basic', { vision: true }),
  'ollama/phi4': local(16_384, 'standard', {}),
  'ollama/deepseek-r1': local(131_072, 'standard', { reasoning: true, tools: true }),

  'mistral/mistral-large-latest': model(128_000, undefined, 'strong', visionTools, [2, 6]),
  'mistral/mistral-medium-latest': model(128_000, undefined, 'standard', visionTools, [0.4, 2]),
  'mistral/mistral-small-latest': model(128_000, undefined, 'basic', visionTools, [0.1, 0.3]),
});

/** Vendors whose models are often served through someone else's OpenAI-compatible endpoint. */
const vendorPatterns: Array<[RegExp, string]> = [
  [/^(gpt-|o\d|chatgpt-)/, 'openai'],
  [/^claude-/, 'anthropic'],
  [/^gemini-/, 'gemini'],
  [/^deepseek-/, 'deepseek'],
  [/^(mistral|magistral|codestral)-/, 'mistral'],
];

/** Aggregators spell the vendor their own way ("google/gemini-2.5-flash"). */
const vendorAliases: Record<string, string> = { google: 'gemini', 'deepseek-ai': 'deepseek' };

export function catalogKeys(target: Pick<Target, 'id' | 'model'>, providerType: string): string[] {
  const keys = [target.id, `${providerType}/${target.model}`];
  // Ollama tags ("llama3.2:3b", "qwen3:latest") share the family's facts.
  const untagged = target.model.replace(/:[^/:]*$/, '');
  if (untagged !== target.model) keys.push(`${providerType}/${untagged}`);
  if (providerType === 'openai-compatible') {
    const slash = target.model.indexOf('/');
    if (slash > 0) {
      const vendor = target.model.slice(0, slash);
      keys.push(`${vendorAliases[vendor] ?? vendor}/${target.model.slice(slash + 1)}`);
    } else {
      const vendor = vendorPatterns.find(([pattern]) => pattern.test(target.model))?.[1];
      if (vendor !== undefined) keys.push(`${vendor}/${target.model}`);
    }
  }
  return keys;
}

export function catalogEntry(config: Pick<Config, 'catalog'>, target: Target, providerType: string): ModelEntry | undefined {
  for (const key of catalogKeys(target, providerType)) {
    const entry = config.catalog[key];
    if (entry !== undefined) return entry;
  }
  return undefined;
}

/** Prefixes that name catalog vendors rather than configured providers (`models: "openai/…"`). */
export const catalogVendors: ReadonlySet<string> = new Set(Object.keys(builtinCatalog).map((key) => key.slice(0, key.indexOf('/'))));
