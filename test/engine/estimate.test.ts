import { describe, expect, it } from 'vitest';
import type { ContextClass } from '../../src/engine/estimate.js';
import { contextClass, estimateTokens } from '../../src/engine/estimate.js';

const none = { lastUserText: 'hello world', systemText: '', textChars: 0, imageCount: 0, toolCount: 0, toolsChars: 0 };

describe('estimateTokens', () => {
  it.each<[string, Partial<typeof none>, { input: number; text: number; images: number; tools: number; charsPerToken: number }]>([
    ['empty', {}, { input: 0, text: 0, images: 0, tools: 0, charsPerToken: 3.5 }],
    ['3,500 chars of English', { textChars: 3500 }, { input: 1000, text: 1000, images: 0, tools: 0, charsPerToken: 3.5 }],
    ['rounds up', { textChars: 1 }, { input: 1, text: 1, images: 0, tools: 0, charsPerToken: 3.5 }],
    ['two images', { textChars: 350, imageCount: 2 }, { input: 3300, text: 100, images: 3200, tools: 0, charsPerToken: 3.5 }],
    [
      'tools: schema chars and a per-tool overhead',
      { toolCount: 3, toolsChars: 3000 },
      { input: 1030, text: 0, images: 0, tools: 1030, charsPerToken: 3.5 },
    ],
    [
      'tool chars without tools are ignored',
      { toolCount: 0, toolsChars: 3000 },
      { input: 0, text: 0, images: 0, tools: 0, charsPerToken: 3.5 },
    ],
    [
      'all-CJK prompt counts ~1 token per char',
      { lastUserText: '这是一个关于路由的问题', textChars: 1100 },
      { input: 1000, text: 1000, images: 0, tools: 0, charsPerToken: 1.1 },
    ],
    ['half CJK', { lastUserText: 'abcd路由问题', textChars: 2300 }, { input: 1000, text: 1000, images: 0, tools: 0, charsPerToken: 2.3 }],
    [
      'no user text: the system text decides the script',
      { lastUserText: '', systemText: '路由', textChars: 110 },
      { input: 100, text: 100, images: 0, tools: 0, charsPerToken: 1.1 },
    ],
  ])('%s', (_name, extra, expected) => {
    expect(estimateTokens({ ...none, ...extra })).toEqual(expected);
  });
});

describe('contextClass', () => {
  it.each<[number, ContextClass]>([
    [0, 'short'],
    [7_999, 'short'],
    [8_000, 'medium'],
    [31_999, 'medium'],
    [32_000, 'long'],
    [127_999, 'long'],
    [128_000, 'huge'],
  ])('%i tokens -> %s', (tokens, cls) => {
    expect(contextClass(tokens)).toBe(cls);
  });
});
