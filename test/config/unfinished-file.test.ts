// An empty or half-written config file is refused like any invalid one (an editor mid-save, a
// truncated copy): accepting it as "no routes" would turn every request into a 404.
import { describe, expect, it } from 'vitest';
import { formatProblem, parseConfig } from '../../src/config/load.js';

const problems = (text: string): string[] => {
  const r = parseConfig(text, 'c.yaml', {});
  return r.ok ? [] : r.problems.map(formatProblem);
};

describe('an unfinished config file', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', '  \n\n\t\n'],
    ['comments only', '# providers:\n#   sim: { type: simulated }\n'],
  ])('%s is refused at 1:1', (_name, text) => {
    expect(problems(text)).toEqual(['c.yaml:1:1 the config file is empty: it needs at least a `providers:` and a `routes:` section']);
  });

  it('truncated before providers and routes is refused', () => {
    expect(problems('version: 1\nlisten: 127.0.0.1:4141\n')).toEqual([
      'c.yaml:1:1 the config file has neither `providers:` nor `routes:`: is it truncated?',
    ]);
  });

  it('a file with providers and routes still loads', () => {
    expect(parseConfig('providers:\n  sim: { type: simulated }\nroutes:\n  r: { targets: [sim/a] }\n', 'c.yaml', {}).ok).toBe(true);
  });
});
