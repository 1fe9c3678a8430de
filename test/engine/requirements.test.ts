import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../src/config/schema.js';
import type { Requirements } from '../../src/engine/requirements.js';
import { belowTier, mergeRequirements, unmetRequirement } from '../../src/engine/requirements.js';

const small: ModelEntry = { contextWindow: 32_000, maxOutput: 4_096, vision: false, tools: true, reasoning: false, tier: 'basic' };
const unknown: ModelEntry = {};

describe('unmetRequirement', () => {
  it.each<[string, ModelEntry | undefined, Requirements, string | undefined]>([
    ['nothing asked', small, {}, undefined],
    ['vision missing', small, { vision: true }, 'no vision (request has images)'],
    ['tools present', small, { tools: true }, undefined],
    ['reasoning missing', small, { reasoning: true }, 'not a reasoning model'],
    ['context too small', small, { minContext: 40_000 }, 'context window 32000 < 40000 tokens needed'],
    ['context exactly enough', small, { minContext: 32_000 }, undefined],
    ['max output too small', small, { minOutput: 8_192 }, 'max output 4096 < 8192 requested'],
    [
      'unknown capabilities are allowed',
      unknown,
      { vision: true, tools: true, reasoning: true, minContext: 1e6, minOutput: 1e5 },
      undefined,
    ],
    ['no catalog entry at all is allowed', undefined, { vision: true, minContext: 1e6 }, undefined],
  ])('%s', (_name, entry, req, expected) => {
    expect(unmetRequirement(entry, req)).toBe(expected);
  });
});

describe('mergeRequirements', () => {
  it('later parts win field by field; context and output needs only grow', () => {
    expect(
      mergeRequirements({ vision: true, minContext: 50_000 }, undefined, {
        vision: false,
        tools: true,
        minContext: 10_000,
        minOutput: 100,
      }),
    ).toEqual({
      vision: false,
      tools: true,
      minContext: 50_000,
      minOutput: 100,
    });
  });
});

describe('belowTier', () => {
  it.each<[ModelEntry | undefined, 'basic' | 'standard' | 'strong' | 'premium', boolean]>([
    [small, 'basic', false],
    [small, 'standard', true],
    [{ tier: 'premium' }, 'strong', false],
    [unknown, 'premium', false],
    [undefined, 'premium', false],
  ])('%j below %s: %s', (entry, tier, expected) => {
    expect(belowTier(entry, tier)).toBe(expected);
  });
});
