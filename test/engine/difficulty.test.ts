import { describe, expect, it } from 'vitest';
import type { DifficultyResult } from '../../src/engine/difficulty.js';
import { assessDifficulty } from '../../src/engine/difficulty.js';

describe('assessDifficulty', () => {
  it.each<[string, string, number, number, string | undefined, DifficultyResult]>([
    ['greeting', 'hi!', 5, 0, undefined, { difficulty: 'easy', confidence: 0.67, source: 'estimate' }],
    ['short lookup', 'What is the capital of France?', 10, 0, undefined, { difficulty: 'easy', confidence: 0.71, source: 'estimate' }],
    ['translation', 'Translate "good night" to German', 10, 0, undefined, { difficulty: 'easy', confidence: 0.6, source: 'estimate' }],
    ['proof', 'Prove the theorem rigorously, step by step', 15, 0, undefined, { difficulty: 'hard', confidence: 0.73, source: 'estimate' }],
    [
      'design',
      'Design the architecture of a distributed queue and discuss race conditions and edge cases',
      30,
      0,
      undefined,
      { difficulty: 'hard', confidence: 0.8, source: 'estimate' },
    ],
    ['huge prompt', 'Look at this', 40_000, 0, undefined, { difficulty: 'hard', confidence: 0.67, source: 'estimate' }],
    [
      'ordinary request',
      'Write a short email to my landlord about the broken heater in the kitchen, politely.',
      30,
      0,
      undefined,
      { difficulty: 'standard', confidence: 0.5, source: 'estimate' },
    ],
    [
      'numbers are whole words: 1500 ms is not a hard cue',
      'The request took 1500 ms; is that normal for this kind of service call?',
      20,
      0,
      undefined,
      { difficulty: 'standard', confidence: 0.5, source: 'estimate' },
    ],
    ['many tools and a big prompt', 'continue', 9_000, 12, undefined, { difficulty: 'standard', confidence: 0.5, source: 'estimate' }],
    ['header overrides the guess', 'hi', 5, 0, 'hard', { difficulty: 'hard', confidence: 1, source: 'header' }],
    ['header is case-insensitive', 'Prove it step by step', 5, 0, ' Easy ', { difficulty: 'easy', confidence: 1, source: 'header' }],
    ['unknown header value is ignored', 'hi', 5, 0, 'extreme', { difficulty: 'easy', confidence: 0.67, source: 'estimate' }],
  ])('%s', (_name, text, tokens, tools, header, expected) => {
    expect(assessDifficulty(text, tokens, tools, header)).toEqual(expected);
  });
});
