import { describe, expect, it } from 'vitest';
import { analysisWindow, buildLexicon, scanText } from '../../src/engine/lexicon.js';

const lex = buildLexicon([
  { category: 0, weight: 1, words: ['api', '500', 'trade off', 'step by step', 'c'] },
  { category: 1, weight: 5, atStart: true, words: ['hi'] },
  { category: 2, weight: 1, afterDot: true, words: ['ts'] },
]);

describe('scanText: whole words only', () => {
  it.each<[string, number[]]>([
    ['call the api', [1, 0, 0]],
    ['the API is down', [1, 0, 0]],
    ['rapid growth', [0, 0, 0]],
    ['apis and rapidity', [0, 0, 0]],
    ['status 500 from upstream', [1, 0, 0]],
    ['it took 1500 ms', [0, 0, 0]],
    ['500ms', [0, 0, 0]],
    ['a trade-off', [1, 0, 0]],
    ['a trade  off', [1, 0, 0]],
    ['a tradeoff', [0, 0, 0]],
    ['trade offer', [0, 0, 0]],
    ['step-by-step', [1, 0, 0]],
    ['step by', [0, 0, 0]],
    ['api api api api api', [3, 0, 0]],
    ['hi there', [0, 5, 0]],
    ['  Hi!', [0, 5, 0]],
    ['say hi', [0, 0, 0]],
    ['edit load.ts now', [0, 0, 1]],
    ['ts is not an extension here', [0, 0, 0]],
    ['résumé api', [1, 0, 0]],
    ['café', [0, 0, 0]],
  ])('%j', (text, scores) => {
    expect(scanText(text, lex).scores).toEqual(scores);
  });

  it.each<[string, number, number]>([
    ['```ts\ncode\n```', 2, 0],
    ['x => y', 0, 1],
    ['a === b and c !== d', 0, 2],
    ['a->b, A::b', 0, 2],
    ['an em-dash - here and a=b', 0, 0],
  ])('symbols in %j: %i fences, %i operators', (text, fences, operators) => {
    const scan = scanText(text, lex);
    expect([scan.fences, scan.operators]).toEqual([fences, operators]);
  });
});

describe('analysisWindow', () => {
  it('keeps short text whole and cuts long text to head and tail', () => {
    expect(analysisWindow('short', 3)).toBe('short');
    expect(analysisWindow('abcdefgh', 4)).toBe('abcdefgh');
    expect(analysisWindow('abcdefghij', 3)).toBe('abc\nhij');
  });
});
