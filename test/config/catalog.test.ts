import { describe, expect, it } from 'vitest';
import { builtinCatalog, catalogEntry } from '../../src/config/catalog.js';
import { splitTarget } from '../../src/config/normalise.js';
import { modelSchema, type ModelEntry, type Target } from '../../src/config/schema.js';

const target = (id: string): Target => ({ id, ...splitTarget(id) });

describe('builtinCatalog', () => {
  it.each(Object.entries(builtinCatalog))('%s is a valid, complete models entry', (_key, entry) => {
    expect(modelSchema.parse(entry)).toEqual(entry);
    expect(entry).toMatchObject({ contextWindow: expect.any(Number), tier: expect.any(String), price: expect.any(Object) });
    expect(typeof entry.reasoning === 'boolean' && typeof entry.vision === 'boolean' && typeof entry.tools === 'boolean').toBe(true);
  });

  it.each([
    'openai/gpt-5',
    'openai/gpt-5-mini',
    'openai/gpt-5-nano',
    'openai/gpt-4.1',
    'openai/gpt-4.1-mini',
    'openai/gpt-4.1-nano',
    'openai/gpt-4o',
    'openai/gpt-4o-mini',
    'openai/o3',
    'openai/o4-mini',
    'anthropic/claude-opus-4-1',
    'anthropic/claude-opus-4-0',
    'anthropic/claude-sonnet-4-5',
    'anthropic/claude-sonnet-4-5-20250929',
    'anthropic/claude-sonnet-4-0',
    'anthropic/claude-haiku-4-5',
    'anthropic/claude-3-7-sonnet-latest',
    'anthropic/claude-3-5-sonnet-latest',
    'gemini/gemini-2.5-pro',
    'gemini/gemini-2.5-flash',
    'gemini/gemini-2.5-flash-lite',
    'deepseek/deepseek-chat',
    'deepseek/deepseek-reasoner',
    'ollama/llama3.1',
    'ollama/llama3.2',
    'ollama/llama3.3',
    'ollama/qwen2.5-coder',
    'ollama/qwen3',
    'ollama/mistral',
    'ollama/gemma3',
    'ollama/phi4',
    'ollama/deepseek-r1',
  ])('has %s', (key) => {
    expect(builtinCatalog[key]).toBeDefined();
  });

  it.each<[string, Partial<ModelEntry>]>([
    [
      'openai/gpt-4o',
      { contextWindow: 128_000, maxOutput: 16_384, vision: true, reasoning: false, price: { input: 2.5, output: 10, cacheRead: 1.25 } },
    ],
    ['openai/o3', { reasoning: true, price: { input: 2, output: 8, cacheRead: 0.5 } }],
    [
      'anthropic/claude-sonnet-4-5',
      { contextWindow: 200_000, maxOutput: 64_000, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    ],
    ['anthropic/claude-haiku-4-5', { price: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } }],
    ['gemini/gemini-2.5-flash', { contextWindow: 1_048_576, reasoning: true }],
    ['deepseek/deepseek-reasoner', { reasoning: true, tools: false, vision: false }],
    ['ollama/llama3.2', { price: { input: 0, output: 0 }, tools: true }],
  ])('%s has the published facts', (key, facts) => {
    expect(builtinCatalog[key]).toMatchObject(facts);
  });

  it('prices every Ollama model at zero and bills cache writes only at Anthropic', () => {
    for (const [key, entry] of Object.entries(builtinCatalog)) {
      if (key.startsWith('ollama/')) expect(entry.price).toEqual({ input: 0, output: 0 });
      expect(entry.price?.cacheWrite !== undefined).toBe(key.startsWith('anthropic/'));
    }
  });
});

describe('catalogEntry', () => {
  const custom: ModelEntry = { tier: 'premium' };
  const config = { catalog: { ...builtinCatalog, 'work/gpt-4o': custom } };

  it.each<[string, string, string, string | undefined]>([
    ['the exact id first', 'work/gpt-4o', 'openai', 'work/gpt-4o'],
    ['the provider type', 'team/gpt-4o', 'openai', 'openai/gpt-4o'],
    ['an Ollama tag', 'local/llama3.2:3b', 'ollama', 'ollama/llama3.2'],
    ['an Ollama :latest tag', 'local/qwen3:latest', 'ollama', 'ollama/qwen3'],
    ['DeepSeek behind openai-compatible', 'ds/deepseek-chat', 'openai-compatible', 'deepseek/deepseek-chat'],
    ['Claude behind openai-compatible', 'proxy/claude-sonnet-4-5', 'openai-compatible', 'anthropic/claude-sonnet-4-5'],
    ['GPT behind openai-compatible', 'proxy/gpt-4.1-mini', 'openai-compatible', 'openai/gpt-4.1-mini'],
    ['a vendor-prefixed model id', 'openrouter/openai/gpt-4o', 'openai-compatible', 'openai/gpt-4o'],
    ['an aggregator vendor name', 'openrouter/google/gemini-2.5-flash', 'openai-compatible', 'gemini/gemini-2.5-flash'],
    ['nothing for an unknown model', 'team/gpt-99', 'openai', undefined],
    ['no vendor guess outside openai-compatible', 'proxy/deepseek-chat', 'openai', undefined],
  ])('finds %s', (_name, id, providerType, expectedKey) => {
    const expected = expectedKey === undefined ? undefined : config.catalog[expectedKey as keyof typeof config.catalog];
    expect(catalogEntry(config, target(id), providerType)).toBe(expected);
  });
});
