// `router --context prod status`: a global flag before the command is moved behind it.
import { describe, expect, it } from 'vitest';
import { moveLeadingFlags } from '../../src/cli/leading-flags.js';

const IDS = ['status', 'daemon:status', 'daemon', 'budget', 'context'];

describe('moveLeadingFlags', () => {
  it.each<[string, string, string[], { id: string; argv: string[] } | null]>([
    ['flag and value', '--context', ['prod', 'status', '--json'], { id: 'status', argv: ['--json', '--context', 'prod'] }],
    ['flag=value', '--context=prod', ['budget', 'set', 'a', '3'], { id: 'budget', argv: ['set', 'a', '3', '--context', 'prod'] }],
    ['a two-word command', '--context', ['prod', 'daemon', 'status'], { id: 'daemon:status', argv: ['--context', 'prod'] }],
    [
      'two leading flags',
      '--socket',
      ['/s', '--context', 'prod', 'status'],
      { id: 'status', argv: ['--socket', '/s', '--context', 'prod'] },
    ],
    ['no command after the flag', '--context', ['prod'], null],
    ['an unknown command', '--context', ['prod', 'stat'], null],
    ['a flag without a value', '--context', [], null],
    ['not a leading global flag', 'stat', ['--json'], null],
  ])('%s', (_name, id, argv, expected) => {
    expect(moveLeadingFlags(id, argv, IDS)).toEqual(expected);
  });
});
