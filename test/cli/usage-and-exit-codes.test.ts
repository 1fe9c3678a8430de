// Parse and usage errors, run in-process: exit 2 with one short line, never oclif's stack or its
// "See more help" tail; a mistyped command suggests the right one.
import { describe, expect, it } from 'vitest';
import { cli, tempHome } from '../helpers/router.js';

const home = tempHome();
const router = (args: string[]) => cli(home, args);

describe('a flag that fails to parse is a usage error (exit 2)', () => {
  it.each([
    [['stats', '--days', 'abc'], '--days: expected an integer but received: abc'],
    [['stats', '--days', '0'], '--days: expected an integer greater than or equal to 1 but received: 0'],
    [['daemon', 'logs', '-n', 'abc'], '--lines: expected an integer but received: abc'],
  ])('router %s', async (args, message) => {
    const r = await router(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      `error: ${message}`,
      'hint: see router ' + args[0] + (args[0] === 'daemon' ? ' logs' : '') + ' --help',
    ]);
    expect(r.stdout).toBe('');

    const json = await router([...args, '--json']);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'usage', message });
  });
});

describe('a mistyped command', () => {
  it('router stat suggests stats and status, exit 2', async () => {
    const r = await router(['stat']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')).toEqual(['error: "stat" is not a router command', 'hint: did you mean: router stats, router status?']);
  });

  it('a mistyped subcommand suggests within its topic; --json prints the error object', async () => {
    const r = await router(['daemon', 'stoop', '--json']);
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout).error).toEqual({
      code: 'usage',
      message: '"daemon stoop" is not a router command',
      hint: 'did you mean: router daemon stop?',
    });
  });

  it('with nothing close, it points at the command list', async () => {
    const r = await router(['zzzzzz']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('hint: see router --help');
  });
});

describe('the same through a real process', () => {
  it('exit statuses and stderr are what a script sees', async () => {
    const parse = await cli(home, ['stats', '--days', 'abc']);
    expect(parse.exitCode).toBe(2);
    expect(parse.stderr).toBe('error: --days: expected an integer but received: abc\nhint: see router stats --help');
    const typo = await cli(home, ['stat']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean: router stats, router status?');
  });
});
