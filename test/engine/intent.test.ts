import { describe, expect, it } from 'vitest';
import type { Intent } from '../../src/engine/intent.js';
import { classifyIntent } from '../../src/engine/intent.js';

describe('classifyIntent', () => {
  it.each<[string, Intent, number]>([
    ['Why does this TypeScript function throw a null pointer exception?', 'code', 0.8],
    ['```py\nprint(1)\n```\nwhat is wrong here', 'code', 0.6],
    ['Refactor src/config/load.ts and add unit tests', 'code', 0.75],
    ['Call the REST api endpoint and parse the json', 'code', 0.75],
    ['Write me a poem about the sea, with a rhyme in every line', 'creative', 0.71],
    ['Tell me a story about a dragon and a knight', 'creative', 0.6],
    ['Compare the pros and cons of these two plans and summarize the trade-offs', 'analysis', 0.8],
    ['Analyze this dataset and report the main trends', 'analysis', 0.8],
    ['Rapid growth in rapidity', 'general', 0.5],
    ['hello, how are you today?', 'general', 0.5],
    ['What should I cook tonight?', 'general', 0.5],
    ['some data', 'general', 0.3],
  ])('%j -> %s (%f)', (text, intent, confidence) => {
    expect(classifyIntent(text)).toEqual({ intent, confidence });
  });

  it('looks at the head and tail of long text, not the pasted middle', () => {
    const filler = ' lorem ipsum'.repeat(100);
    const pasted = ' poem story novel lyrics'.repeat(500);
    expect(classifyIntent(`Fix the bug in this function:${filler}${pasted}${filler} and explain the exception`)).toEqual({
      intent: 'code',
      confidence: 0.75,
    });
  });
});
