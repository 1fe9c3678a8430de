import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../src/config/schema.js';
import type { TokenUsage } from '../../src/engine/cost.js';
import { costUsd } from '../../src/engine/cost.js';

const sonnet: ModelEntry = { price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } };
const plain: ModelEntry = { price: { input: 2, output: 8 } };
const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0): TokenUsage => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
});

describe('costUsd', () => {
  it.each<[string, TokenUsage, ModelEntry | undefined, number]>([
    ['input and output', usage(1_000_000, 100_000), sonnet, 4.5],
    ['cache reads at their own price', usage(1_000_000, 0, 800_000), sonnet, 0.6 + 0.24],
    ['cache writes at their own price', usage(1_000_000, 0, 0, 1_000_000), sonnet, 3.75],
    ['no cache prices: input price', usage(1_000_000, 0, 500_000, 500_000), plain, 2],
    ['cached counts larger than input do not go negative', usage(10, 0, 20), plain, 0.00004],
    ['no price', usage(1_000_000, 1_000_000), {}, 0],
    ['no catalog entry', usage(1_000_000, 1_000_000), undefined, 0],
  ])('%s', (_name, u, entry, expected) => {
    expect(costUsd(u, entry)).toBeCloseTo(expected, 12);
  });
});
