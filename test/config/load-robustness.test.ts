import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatProblem, parseConfig } from '../../src/config/load.js';

const sections = [
  'version',
  'listen',
  'apiKeys',
  'defaultRoute',
  'providers',
  'models',
  'routes',
  'aliases',
  'rules',
  'budgets',
  'failover',
];

describe('parseConfig never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = parseConfig(text, 'c.yaml', {});
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary values under the real keys, and every problem has a real position', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    const config = fc.dictionary(fc.constantFrom(...sections), value, { maxKeys: 5 });
    fc.assert(
      fc.property(config, (data) => {
        const text = stringify(data);
        const lines = text.split('\n').length;
        const result = parseConfig(text, 'c.yaml', {});
        for (const problem of result.ok ? result.warnings : result.problems) {
          expect(problem.line, formatProblem(problem)).toBeGreaterThanOrEqual(1);
          expect(problem.line, formatProblem(problem)).toBeLessThanOrEqual(lines);
          expect(problem.col).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an alias bomb with a problem instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ];
    const result = parseConfig(bomb.join('\n'), 'c.yaml', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map(formatProblem)).toEqual([
      'c.yaml:1:1 Excessive alias count indicates a resource exhaustion attack',
    ]);
  });
});
