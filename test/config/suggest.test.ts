import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/config/suggest.js';

const keys = ['type', 'baseUrl', 'apiKey', 'strategy', 'targets', 'windowSeconds', 'sim', 'oa'];

describe('closestName', () => {
  it.each<[string, string | undefined]>([
    ['tpye', 'type'],
    ['strategey', 'strategy'],
    ['baseURL', 'baseUrl'],
    ['apikey', 'apiKey'],
    ['target', 'targets'],
    ['window', 'windowSeconds'],
    ['simm', 'sim'],
    ['zz', undefined],
    ['colour', undefined],
    ['q', undefined],
  ])('%s -> %s', (word, expected) => {
    expect(closestName(word, keys)).toBe(expected);
  });
});
