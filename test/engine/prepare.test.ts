import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../src/config/schema.js';
import { catalogEntry, prepare } from '../../src/engine/prepare.js';
import { makeConfig, target } from './config-fixture.js';

const gpt: ModelEntry = { contextWindow: 128_000, tier: 'strong' };
const own: ModelEntry = { contextWindow: 64_000 };
const deepseek: ModelEntry = { contextWindow: 64_000, reasoning: true };
const config = makeConfig({
  providers: { work: 'openai', ds: 'openai-compatible', a: 'openai-compatible', b: 'openai-compatible' },
  routes: { r: ['work/gpt-4o', 'work/gpt-4o-mini', 'ds/deepseek-reasoner', 'work/gpt-4o'], s: ['a/shared', 'b/shared'] },
  aliases: { pair: ['work/gpt-4o', 'work/gpt-4o'] },
  catalog: {
    'openai/gpt-4o': gpt,
    'work/gpt-4o-mini': own,
    'openai/gpt-4o-mini': { contextWindow: 1 },
    'deepseek/deepseek-reasoner': deepseek,
    'x/shared': { tier: 'basic' },
    'y/shared': { tier: 'premium' },
  },
});

describe('catalog lookup', () => {
  it.each<[string, ModelEntry | undefined]>([
    ['work/gpt-4o', gpt],
    ['work/gpt-4o-mini', own],
    ['ds/deepseek-reasoner', deepseek],
    ['a/shared', undefined],
    ['work/unknown-model', undefined],
  ])('%s', (id, entry) => {
    expect(catalogEntry(config, target(id))).toBe(entry);
  });

  it('finds entries for direct targets the config does not name', () => {
    expect(catalogEntry(config, target('work/gpt-4o-2024'))).toBeUndefined();
    expect(catalogEntry(makeConfig({ providers: { o: 'openai' }, catalog: { 'openai/o3': gpt } }), target('o/o3'))).toBe(gpt);
  });
});

describe('prepare', () => {
  it('is computed once per config object', () => {
    expect(prepare(config)).toBe(prepare(config));
    expect(prepare(makeConfig({}))).not.toBe(prepare(config));
  });

  it('removes duplicate targets from routes and alias lists', () => {
    const p = prepare(config);
    expect(p.routeTargets.get('r')?.map((t) => t.id)).toEqual(['work/gpt-4o', 'work/gpt-4o-mini', 'ds/deepseek-reasoner']);
    expect(p.aliasTargets.get('pair')?.map((t) => t.id)).toEqual(['work/gpt-4o']);
  });

  it('indexes targets by model id for the same-model failover', () => {
    expect(
      prepare(config)
        .byModel.get('shared')
        ?.map((t) => t.id),
    ).toEqual(['a/shared', 'b/shared']);
  });
});
