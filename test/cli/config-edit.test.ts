// `router priority set/remove` edits config.yaml in place: the file differs from before only in the
// target lines the edit touches; comments, blank lines, spacing and flow style elsewhere stay.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editRouteTargets } from '../../src/cli/config-edit.js';
import { tempHome } from '../helpers/router.js';

const CONFIG = [
  '# my routes, hand-written',
  'providers:',
  '  a: { type: simulated }   # first',
  '  b: { type: simulated }',
  '',
  'routes:',
  '  main:',
  '    strategy: ordered',
  '    targets:',
  '      - a/one     # the usual',
  '      # b is the fallback',
  '      - b/two',
  '      - target: a/three',
  '        weight: 2',
  '',
  '  side: { targets: [b/x, a/y] }   # flow style',
  'aliases: { fast: side }',
  '',
];

function withConfig(): string {
  const file = join(tempHome(), 'config.yaml');
  writeFileSync(file, CONFIG.join('\n'));
  return file;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

describe('priority edits keep the rest of the file byte for byte', () => {
  it('moving a target moves only its line', async () => {
    const file = withConfig();
    expect(await editRouteTargets(file, 'main', { kind: 'set', target: 'b/two', position: 1 })).toEqual(['b/two', 'a/one', 'a/three']);
    const expected = [...CONFIG];
    expected.splice(9, 3, '      - b/two', '      - a/one     # the usual', '      # b is the fallback');
    expect(lines(file)).toEqual(expected);
  });

  it('a new target is one added line, indented like its neighbours', async () => {
    const file = withConfig();
    expect(await editRouteTargets(file, 'main', { kind: 'set', target: 'b/new', position: 3 })).toEqual([
      'a/one',
      'b/two',
      'b/new',
      'a/three',
    ]);
    const expected = [...CONFIG];
    expected.splice(12, 0, '      - b/new');
    expect(lines(file)).toEqual(expected);
  });

  it('a multi-line item moves with all its lines, and past it to the end', async () => {
    const file = withConfig();
    expect(await editRouteTargets(file, 'main', { kind: 'set', target: 'a/three', position: 1 })).toEqual(['a/three', 'a/one', 'b/two']);
    const expected = [...CONFIG];
    expected.splice(12, 2);
    expected.splice(9, 0, '      - target: a/three', '        weight: 2');
    expect(lines(file)).toEqual(expected);

    const again = withConfig();
    await editRouteTargets(again, 'main', { kind: 'set', target: 'a/one', position: 3 });
    const moved = [...CONFIG];
    moved.splice(9, 1);
    moved.splice(13, 0, '      - a/one     # the usual');
    expect(lines(again)).toEqual(moved);
  });

  it('removing a target removes only its line', async () => {
    const file = withConfig();
    expect(await editRouteTargets(file, 'main', { kind: 'remove', target: 'b/two' })).toEqual(['a/one', 'a/three']);
    const expected = [...CONFIG];
    expected.splice(11, 1);
    expect(lines(file)).toEqual(expected);
  });

  it('a flow-style list stays a flow list on its own line', async () => {
    const file = withConfig();
    expect(await editRouteTargets(file, 'side', { kind: 'set', target: 'a/y', position: 1 })).toEqual(['a/y', 'b/x']);
    const expected = [...CONFIG];
    expected[15] = '  side: { targets: [a/y, b/x] }   # flow style';
    expect(lines(file)).toEqual(expected);
    await editRouteTargets(file, 'side', { kind: 'set', target: 'b/z', position: 9 });
    expect(lines(file)[15]).toBe('  side: { targets: [a/y, b/x, b/z] }   # flow style');
  });
});
