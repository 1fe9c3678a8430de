// `router eval` end to end on a small fixture: the real CLI (built dist/), real files, real exit codes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempHome } from '../helpers/router.js';

const home = tempHome();
const data = new URL('../fixtures/learn/tiny-outcomes.jsonl', import.meta.url).pathname;
const models = ['--strong', 'p/strong', '--weak', 'p/weak'];

describe('router eval', () => {
  it('--json: strongShare, apgr and cost per router, the baselines beside the learned one', async () => {
    const r = await cli(home, ['eval', '--data', data, '--folds', '3', ...models, '--json']);
    expect(r.exitCode).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ items: 60, quality: 0.95, method: '3-fold cross-validation' });
    const by = Object.fromEntries(body.routers.map((x: { router: string }) => [x.router, x]));
    expect(Object.keys(by)).toEqual(['learned', 'heuristic', 'length', 'random', 'oracle']);
    // 20 gain items of 60: the oracle sends exactly those (minus what 95% forgives).
    expect(by.oracle.strongShare).toBeLessThanOrEqual(20 / 60);
    // The fixture's hard questions share words: the learned router finds them, random cannot.
    expect(by.learned.strongShare).toBeLessThan(by.random.strongShare - 0.2);
    for (const x of body.routers) {
      expect(x.apgr).toEqual(expect.any(Number));
      expect(x.cost).toBeGreaterThan(60 * 0.001);
      expect(x.curve).toHaveLength(11);
    }
    expect(r.stderr).toContain('fold 3/3');
  });

  it('a table and an ASCII curve by default', async () => {
    const r = await cli(home, ['eval', '--data', data, '--train', data, ...models]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/60 items, trained on 60 other items/);
    expect(r.stdout).toMatch(/^ *oracle +\d/m);
    expect(r.stdout).toContain('strong share');
  });

  it.each([
    { name: 'a missing file', file: join(home, 'nope.jsonl'), lines: undefined, exit: 4, message: 'no data file at' },
    {
      name: 'a bad line',
      file: join(home, 'bad.jsonl'),
      lines: '{"prompt":"a","outcomes":{"p/strong":1,"p/weak":0}}\n{not json\n',
      exit: 2,
      message: 'bad.jsonl:2: not JSON',
    },
    {
      name: 'a line without outcomes',
      file: join(home, 'no-outcomes.jsonl'),
      lines: '{"prompt":"a"}\n',
      exit: 2,
      message: 'no-outcomes.jsonl:1: needs "outcomes"',
    },
    {
      name: 'a model the outcomes do not name',
      file: join(home, 'other.jsonl'),
      lines: '{"prompt":"a","outcomes":{"p/strong":1,"x/y":0}}\n',
      exit: 4,
      message: 'other.jsonl:1: no outcome for p/weak',
    },
  ])('$name: exit $exit with the place', async ({ file, lines, exit, message }) => {
    if (lines !== undefined) writeFileSync(file, lines);
    const r = await cli(home, ['eval', '--data', file, ...models, '--json']);
    expect(r.exitCode).toBe(exit);
    expect(JSON.parse(r.stdout).error.message).toContain(message);
  });

  it('--quality out of range is a usage error', async () => {
    const r = await cli(home, ['eval', '--data', data, ...models, '--quality', '1.5']);
    expect(r.exitCode).toBe(2);
  });
});
