// The in-process runner (cli) must print and exit exactly like the real binary (cliProcess).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliProcess, tempHome } from '../helpers/router.js';

let home: string;
beforeAll(() => {
  home = tempHome();
  writeFileSync(join(home, 'config.yaml'), 'providers:\n  sim: { type: simulated }\nroutes:\n  main: { targets: [sim/a] }\n');
});

describe('cli() in-process agrees with the spawned binary', () => {
  it.each([
    ['status --json with no daemon', ['status', '--json']],
    ['status with no daemon (error and hint on stderr)', ['status']],
    ['an unknown flag (usage error)', ['status', '--bogus']],
    ['an unknown flag with --json', ['status', '--bogus', '--json']],
    ['a missing argument', ['budget', 'set', 'sim']],
    ['an unknown model (not found)', ['route', '--dry-run', '--prompt', 'x', '--model', 'mian', '--json']],
    ['an unknown model, plain', ['route', '--dry-run', '--prompt', 'x', '--model', 'mian']],
    ['an unknown command', ['nosuchcommand']],
    ['a config check that succeeds', ['config', 'check']],
    ['a dry run as JSON', ['route', '--dry-run', '--prompt', 'hello', '--json']],
    ['config path (stdout and stderr)', ['config', 'path']],
    ['help of a command', ['status', '--help']],
  ])('%s', async (_name, args) => {
    const [inside, spawned] = [await cli(home, args), await cliProcess(home, args)];
    // Only what differs between two runs anyway: pids in Node's warnings, decision ids and times.
    const same = (s: string) => s.replace(/\(node:\d+\)/g, '(node:PID)').replace(/dry-[a-z0-9]+/g, 'dry-ID').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/"at": \d+/g, '"at": 0');
    expect({ stdout: same(inside.stdout), stderr: same(inside.stderr), exitCode: inside.exitCode }).toEqual({
      stdout: same(String(spawned.stdout)),
      stderr: same(String(spawned.stderr)),
      exitCode: spawned.exitCode,
    });
  });

  it('restores the environment and the exit code of the test process', async () => {
    const before = { home: process.env.ROUTER_HOME, exitCode: process.exitCode, argv: process.argv };
    expect((await cli(home, ['status'], { env: { ROUTER_TEST_MARK: 'x' } })).exitCode).toBe(3);
    expect({ home: process.env.ROUTER_HOME, exitCode: process.exitCode, argv: process.argv }).toEqual(before);
    expect(process.env.ROUTER_TEST_MARK).toBeUndefined();
  });
});
