import { describe, expect, it } from 'vitest';
import {
  mergeAnthropicUsage,
  usageFromAnthropic,
  usageFromGemini,
  usageFromOllama,
  usageFromOpenAi,
  usageToAnthropic,
  usageToOpenAi,
  type Usage,
} from '../../src/wire/usage.js';

const u = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0, reasoningTokens = 0): Usage => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
  reasoningTokens,
});

describe('usage conversion (conformance 16)', () => {
  it('Anthropic {input:10, cache_read:1000, cache_creation:50, output:20} becomes OpenAI prompt 1060', () => {
    const usage = usageFromAnthropic({
      input_tokens: 10,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 50,
      output_tokens: 20,
    });
    expect(usage).toEqual(u(1060, 20, 1000, 50));
    expect(usageToOpenAi(usage as Usage)).toEqual({
      prompt_tokens: 1060,
      completion_tokens: 20,
      total_tokens: 1080,
      prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 50 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('OpenAI {prompt:1060, cached:1000, completion:20} becomes Anthropic input 60', () => {
    const usage = usageFromOpenAi({
      prompt_tokens: 1060,
      completion_tokens: 20,
      total_tokens: 1080,
      prompt_tokens_details: { cached_tokens: 1000 },
    });
    expect(usage).toEqual(u(1060, 20, 1000));
    expect(usageToAnthropic(usage as Usage)).toEqual({
      input_tokens: 60,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 0,
      output_tokens: 20,
    });
  });

  it.each<[string, unknown, Usage | null]>([
    ['null usage of a stream chunk', null, null],
    [
      'reasoning tokens',
      { prompt_tokens: 5, completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 25 } },
      u(5, 30, 0, 0, 25),
    ],
    [
      'cache write tokens',
      { prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 80 } },
      u(100, 1, 10, 80),
    ],
    ['garbage numbers become 0', { prompt_tokens: -3, completion_tokens: 'x' }, u(0, 0)],
  ])('from OpenAI: %s', (_n, raw, expected) => {
    expect(usageFromOpenAi(raw)).toEqual(expected);
  });

  it('never reports negative Anthropic input tokens', () => {
    expect(usageToAnthropic(u(10, 1, 50)).input_tokens).toBe(0);
  });

  it.each<[string, unknown, Usage]>([
    ['thinking tokens', { input_tokens: 3, output_tokens: 40, output_tokens_details: { thinking_tokens: 30 } }, u(3, 40, 0, 0, 30)],
    ['null cache fields', { input_tokens: 3, output_tokens: 4, cache_read_input_tokens: null, cache_creation_input_tokens: null }, u(3, 4)],
  ])('from Anthropic: %s', (_n, raw, expected) => {
    expect(usageFromAnthropic(raw)).toEqual(expected);
  });

  it('round-trips Usage through both formats', () => {
    const cases = [u(1060, 20, 1000, 50), u(5, 0), u(300, 200, 0, 100)];
    for (const c of cases) {
      expect(usageFromAnthropic(usageToAnthropic(c))).toEqual(c);
      expect(usageFromOpenAi(usageToOpenAi(c))).toEqual(c);
    }
  });

  it('merges message_delta usage by overwriting present fields only', () => {
    const start = { input_tokens: 0, output_tokens: 1, cache_read_input_tokens: 0 };
    const merged = mergeAnthropicUsage(start, { output_tokens: 30, input_tokens: 1200 });
    expect(merged).toEqual({ input_tokens: 1200, output_tokens: 30, cache_read_input_tokens: 0 });
    expect(mergeAnthropicUsage(merged, { output_tokens: 31 })).toEqual({
      input_tokens: 1200,
      output_tokens: 31,
      cache_read_input_tokens: 0,
    });
    expect(mergeAnthropicUsage(merged, null)).toBe(merged);
  });

  it('Gemini: completion = candidates + thoughts', () => {
    expect(
      usageFromGemini({
        promptTokenCount: 100,
        candidatesTokenCount: 20,
        thoughtsTokenCount: 30,
        cachedContentTokenCount: 64,
        totalTokenCount: 150,
      }),
    ).toEqual(u(100, 50, 64, 0, 30));
  });

  it('Ollama: prompt_eval_count and eval_count, missing means 0', () => {
    expect(usageFromOllama({ prompt_eval_count: 26, eval_count: 282 })).toEqual(u(26, 282));
    expect(usageFromOllama({ eval_count: 5 })).toEqual(u(0, 5));
  });
});
