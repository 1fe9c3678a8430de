// `router config check --json`: every problem as {file, line, col, severity, message}, the same
// shape whether the file is valid (warnings only) or not (exit 1). Run in-process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempHome } from '../helpers/router.js';

const home = tempHome();

describe('config check --json', () => {
  it('a bad file: every problem as an object, errors and warnings apart, exit 1', async () => {
    const bad = join(home, 'bad.yaml');
    writeFileSync(
      bad,
      ['providers:', '  sim: { type: simulatd }', 'routes:', '  main:', '    strategey: ordered', '    targets: [sim/x, sim/x]', ''].join(
        '\n',
      ),
    );
    const r = await cli(home, ['config', 'check', bad, '--json']);
    expect(r.exitCode).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ file: bad, ok: false, routes: 0, error: { code: 'config_invalid' } });
    expect(body.problems).toEqual([
      {
        file: bad,
        line: 2,
        col: 16,
        severity: 'error',
        message: 'providers.sim.type: expected one of openai, anthropic, gemini, ollama, openai-compatible, simulated',
      },
      { file: bad, line: 5, col: 5, severity: 'error', message: 'unknown key "strategey" (did you mean "strategy"?)' },
    ]);
    expect(body.warnings).toEqual([{ file: bad, line: 6, col: 22, severity: 'warning', message: expect.stringContaining('listed twice') }]);
  });

  it('a valid file with a warning: the same shapes, exit 0', async () => {
    const ok = join(home, 'ok.yaml');
    writeFileSync(ok, 'providers:\n  sim: { type: simulated }\nroutes:\n  main: { targets: [sim/x, sim/x] }\n');
    const r = await cli(home, ['config', 'check', ok, '--json']);
    expect(r.exitCode).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toEqual({
      file: ok,
      ok: true,
      routes: 1,
      problems: [],
      warnings: [{ file: ok, line: 4, col: 28, severity: 'warning', message: expect.stringContaining('listed twice') }],
    });
    const text = await cli(home, ['config', 'check', ok]);
    expect(text.stdout).toBe(`${ok}: ok (1 route, 1 provider)`);
  });
});
