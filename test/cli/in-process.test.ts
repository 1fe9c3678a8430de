// The in-process runner (cli) must print and exit exactly like the real binary (cliProcess).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliProcess, tempHome, type CliResult } from '../helpers/router.js';

const cases: Array<[string, string[]]> = [
  ['status --json with no daemon', ['status', '--json']],
  ['status with no daemon (error and hint on stderr)', ['status']],
  ['an unknown flag (usage error)', ['status', '--bogus']],
  ['an unknown model (not found)', ['route', '--dry-run', '--prompt', 'x', '--model', 'mian', '--json']],
  ['an unknown command', ['nosuchcommand']],
  ['help of a command', ['status', '--help']],
];

let home: string;
const spawned = new Map<string, CliResult>();
beforeAll(async () => {
  home = tempHome();
  writeFileSync(join(home, 'config.yaml'), 'providers:\n  sim: { type: simulated }\nroutes:\n  main: { targets: [sim/a] }\n');
  // The real binary for every case at once: its start-up is the slow part, and the cases share nothing.
  await Promise.all(
    cases.map(async ([name, args]) => {
      const r = await cliProcess(home, args);
      spawned.set(name, { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode });
    }),
  );
});

// Only what differs between two runs anyway: the pid in Node's warnings.
const same = (r: CliResult) => ({ stdout: r.stdout, stderr: r.stderr.replace(/\(node:\d+\)/g, '(node:PID)'), exitCode: r.exitCode });

describe('cli() in-process agrees with the spawned binary', () => {
  it.each(cases)('%s', async (name, args) => {
    expect(same(await cli(home, args))).toEqual(same(spawned.get(name)!));
  });

  it('restores the environment, exit code, output streams and listeners of the test process', async () => {
    const now = () => ({
      home: process.env.ROUTER_HOME,
      exitCode: process.exitCode,
      argv: process.argv,
      console: globalThis.console,
      write: [process.stdout.write, process.stderr.write],
      isTTY: [process.stdout.isTTY, process.stderr.isTTY],
      exit: process.exit,
      warningListeners: process.listeners('warning'),
    });
    const before = now();
    expect((await cli(home, ['status'], { env: { ROUTER_TEST_MARK: 'x' } })).exitCode).toBe(3);
    expect((await cli(home, ['status', '--bogus'])).exitCode).toBe(2);
    expect(now()).toEqual(before);
    expect(process.env.ROUTER_TEST_MARK).toBeUndefined();
  });
});
