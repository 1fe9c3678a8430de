import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../../src/wire/anthropic/request-decode.js';
import { fitForReasoningModel, isReasoningModel } from '../../../src/wire/openai/reasoning-models.js';
import { encodeOpenAiRequest } from '../../../src/wire/openai/request-encode.js';

describe('isReasoningModel', () => {
  it.each<[string, boolean | undefined, boolean]>([
    ['o1', undefined, true],
    ['o3', undefined, true],
    ['o4-mini', undefined, true],
    ['o3-mini-2025-01-31', undefined, true],
    ['openai/o3-mini', undefined, true],
    ['gpt-5', undefined, true],
    ['gpt-5-mini', undefined, true],
    ['gpt-5.1', undefined, true],
    ['gpt-5-codex', undefined, true],
    ['gpt-5-chat-latest', false, false],
    ['gpt-4o', undefined, false],
    ['gpt-4.1-mini', false, false],
    ['omni-moderation', undefined, false],
    ['llama3.3', undefined, false],
    ['house-thinker', true, true],
    // Other vendors' thinking models through a compatible gateway keep max_tokens and sampling.
    ['anthropic/claude-sonnet-4-5', true, false],
    ['gemini-2.5-pro', true, false],
    ['deepseek-reasoner', true, false],
  ])('%s (catalog reasoning %s) -> %s', (model, catalog, expected) => {
    expect(isReasoningModel(model, catalog)).toBe(expected);
  });
});

describe('reasoning models in the OpenAI encoder', () => {
  const c = decodeAnthropicRequest({
    model: 'm',
    max_tokens: 100,
    temperature: 0.5,
    top_p: 0.8,
    messages: [{ role: 'user', content: 'x' }],
  });

  it('max_completion_tokens and no sampling fields, whatever field the provider type would pick', () => {
    const out = encodeOpenAiRequest(c, { reasoningModel: true, maxTokensField: 'max_tokens' });
    expect(out).toEqual({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 100 });
  });

  it('other models keep the field and sampling', () => {
    expect(encodeOpenAiRequest(c, {})).toMatchObject({ max_tokens: 100, temperature: 0.5, top_p: 0.8 });
  });
});

describe('fitForReasoningModel (pass-through bodies)', () => {
  it('renames max_tokens and drops temperature and top_p', () => {
    expect(fitForReasoningModel({ model: 'o3', max_tokens: 5, temperature: 0, top_p: 1, seed: 1 })).toEqual({
      model: 'o3',
      max_completion_tokens: 5,
      seed: 1,
    });
  });

  it('keeps the client max_completion_tokens when both were sent', () => {
    expect(fitForReasoningModel({ model: 'o3', max_tokens: 5, max_completion_tokens: 9 })).toEqual({
      model: 'o3',
      max_completion_tokens: 9,
    });
  });
});
