import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempHome } from '../helpers/router.js';

describe('router init / config check / config path', () => {
  it('init writes the annotated example once, and refuses to overwrite without --force', async () => {
    const home = tempHome();
    const first = await cli(home, ['init', '--json']);
    expect(first.exitCode).toBe(0);
    const path = join(home, 'config.yaml');
    expect(JSON.parse(String(first.stdout))).toEqual({ path, written: true });
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(new URL('../../routes.example.yaml', import.meta.url), 'utf8'));

    writeFileSync(path, 'version: 1\n');
    const again = await cli(home, ['init']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(path, 'utf8')).toBe('version: 1\n');
    expect((await cli(home, ['init', '--force'])).exitCode).toBe(0);
    expect((await cli(home, ['config', 'check'])).exitCode).toBe(0);
  });

  it('config check lists every problem with line:col and exits 1', async () => {
    const home = tempHome();
    const bad = join(home, 'bad.yaml');
    writeFileSync(
      bad,
      ['providers:', '  sim: { type: simulatd }', 'routes:', '  main:', '    strategey: ordered', '    targets: [nope/x]', ''].join('\n'),
    );
    const r = await cli(home, ['config', 'check', bad]);
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr).split('\n')).toEqual([
      `${bad}:2:16 providers.sim.type: expected one of openai, anthropic, gemini, ollama, openai-compatible, simulated`,
      `${bad}:5:5 unknown key "strategey" (did you mean "strategy"?)`,
      `${bad}:6:15 routes.main.targets[0]: unknown provider "nope"`,
      `error: ${bad}: 3 problems`,
    ]);
    const json = await cli(home, ['config', 'check', bad, '--json']);
    expect(json.exitCode).toBe(1);
    const err = JSON.parse(String(json.stdout)).error;
    expect(err.code).toBe('config_invalid');
    expect(err.message).toContain(`${bad}:5:5`);
  });

  it('config check on the shipped example is clean', async () => {
    const r = await cli(tempHome(), ['config', 'check', new URL('../../routes.example.yaml', import.meta.url).pathname, '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(String(r.stdout))).toMatchObject({ ok: true, problems: [], warnings: [] });
  });

  it('config path follows ROUTER_HOME, ROUTER_CONFIG and --config in that order of strength', async () => {
    const home = tempHome();
    const base = JSON.parse(String((await cli(home, ['config', 'path', '--json'])).stdout));
    expect(base).toMatchObject({ config: join(home, 'config.yaml'), socket: join(home, 'router.sock'), db: join(home, 'router.db') });
    const env = JSON.parse(String((await cli(home, ['config', 'path', '--json'], { env: { ROUTER_CONFIG: '/tmp/a.yaml' } })).stdout));
    expect(env.config).toBe('/tmp/a.yaml');
    const flag = JSON.parse(
      String((await cli(home, ['config', 'path', '--json', '--config', '/tmp/b.yaml'], { env: { ROUTER_CONFIG: '/tmp/a.yaml' } })).stdout),
    );
    expect(flag.config).toBe('/tmp/b.yaml');
  });

  it('an unknown flag is a usage error (exit 2), also with --json', async () => {
    const r = await cli(tempHome(), ['status', '--bogus', '--json']);
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(String(r.stdout)).error.code).toBe('usage');
  });
});
