// The operator commands against a real daemon, each with and without --json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliProcess, startDaemon, type RunningDaemon } from '../helpers/router.js';

const CONFIG = `# operator test config
providers:
  sim-a: { type: simulated, simulate: { text: "from a" } }
  sim-b: { type: simulated, simulate: { text: "from b" } }
  sim-c: { type: simulated, simulate: { text: "from c" } }
routes:
  main:
    strategy: ordered
    targets:
      - sim-a/one   # first choice
      - sim-b/two
  other: { targets: [sim-c/three] }
aliases:
  fast: other
  pair: [sim-b/two, sim-a/one]
rules:
  - name: night
    priority: 5
    when: { hours: "22:00-06:00", header: { x-night-shift: "*" } }
    then: { preferProviders: [sim-b] }
`;

let d: RunningDaemon;
const json = async (args: string[]) => {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(String(r.stdout));
};

beforeAll(async () => {
  d = await startDaemon(CONFIG);
});
afterAll(async () => {
  await d.stop();
});

describe('operator commands', () => {
  it('list, show, aliases, rules, resolve', async () => {
    const routes = await json(['list']);
    expect(routes.map((r: { id: string; active: boolean }) => [r.id, r.active])).toEqual([
      ['main', true],
      ['other', false],
    ]);
    const show = await cli(d.home, ['show', 'main']);
    expect(show.stdout).toMatch(/1\s+sim-a\/one[\s\S]*2\s+sim-b\/two/);
    expect((await cli(d.home, ['show', 'nope'])).exitCode).toBe(4);
    expect(await json(['aliases'])).toEqual([
      { name: 'fast', to: 'other' },
      { name: 'pair', to: ['sim-b/two', 'sim-a/one'] },
    ]);
    const rules = await json(['rules']);
    expect(rules).toEqual([
      {
        scope: 'global',
        name: 'night',
        priority: 5,
        final: false,
        when: { hours: '22:00-06:00', header: { 'x-night-shift': '*' } },
        then: { preferProviders: ['sim-b'] },
      },
    ]);
    const fast = await json(['resolve', 'fast']);
    expect(fast).toMatchObject({ kind: 'alias', route: 'other', targets: [{ id: 'sim-c/three' }] });
    expect((await cli(d.home, ['resolve', 'zzz'])).exitCode).toBe(4);
  });

  it('shortcuts, models and search, in both output forms', async () => {
    const shortcuts = await json(['shortcuts']);
    expect(shortcuts.map((x: { shortcut: string }) => x.shortcut)).toEqual(['@reasoning', '@swe', '@long', '@vision', '@fast']);
    expect((await cli(d.home, ['shortcuts'])).stdout).toMatch(/@vision\s+\S/);
    const models = await json(['models']);
    expect(models.map((m: { id: string }) => m.id)).toEqual(['sim-a/one', 'sim-b/two', 'sim-c/three']);
    const all = await json(['models', '--all']);
    expect(all.some((m: { id: string }) => m.id === 'openai/gpt-4o')).toBe(true);
    const hits = await json(['search', 'gpt-4o']);
    expect(hits).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'catalog', name: 'openai/gpt-4o' })]));
    expect((await cli(d.home, ['search', 'three'])).stdout).toMatch(/target\s+sim-c\/three/);
  });

  it('switch changes what auto means, and a real request follows it; explain shows why', async () => {
    expect(await json(['switch', 'fast'])).toEqual({ active: 'fast', kind: 'alias' });
    const status = await json(['status']);
    expect(status).toMatchObject({ activeRoute: 'other', currentTarget: 'sim-c/three' });
    const sent = await json(['route', '--prompt', 'hi']);
    expect(sent).toMatchObject({ status: 200, target: 'sim-c/three', text: 'from c' });
    const explained = await cli(d.home, ['explain', sent.decisionId]);
    expect(explained.stdout).toContain(`decision ${sent.decisionId}`);
    expect(explained.stdout).toMatch(/sim-c\/three\s+kept/);
    expect(explained.stdout).toMatch(/1\s+sim-c\/three\s+ok/);
    const last = await json(['explain']);
    expect(last.decisionId).toBe(sent.decisionId);
    expect((await cli(d.home, ['explain', 'd-nope'])).exitCode).toBe(4);
    expect((await cli(d.home, ['switch', 'nowhere'])).exitCode).toBe(4);
    await json(['switch', 'main']);
  });

  it('shadow, circuit, reset, reload', async () => {
    expect(await json(['shadow', 'enable'])).toMatchObject({ shadow: true });
    expect((await cli(d.home, ['status'])).stdout).toContain('shadow on');
    expect(await json(['shadow', 'disable'])).toMatchObject({ shadow: false });
    expect(await json(['circuit'])).toEqual({ circuits: [], cooldowns: [] });
    expect(await json(['circuit', 'reset', 'sim-a'])).toEqual({ reset: true, provider: 'sim-a' });
    expect(await json(['reset'])).toEqual({ reset: true });
    expect(await json(['reload'])).toMatchObject({ ok: true, routes: 2 });
  });

  it('priority set/remove edits config.yaml keeping comments, and the daemon reloads', async () => {
    const file = join(d.home, 'config.yaml');
    const set = await json(['priority', 'set', 'sim-c/three', '--position', '2', '--route', 'main']);
    expect(set).toEqual({ route: 'main', targets: ['sim-a/one', 'sim-c/three', 'sim-b/two'], reloaded: true });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# operator test config');
    expect(text).toContain('      - sim-a/one   # first choice');
    const shown = await json(['show', 'main']);
    expect(shown.targets.map((t: { id: string }) => t.id)).toEqual(['sim-a/one', 'sim-c/three', 'sim-b/two']);
    const removed = await json(['priority', 'remove', 'sim-c/three', '--route', 'main']);
    expect(removed.targets).toEqual(['sim-a/one', 'sim-b/two']);
    expect((await cli(d.home, ['priority', 'remove', 'sim-x/none', '--route', 'main'])).exitCode).toBe(4);
  });

  it('a bad edit is refused by reload and shown by status, the old config keeps serving', async () => {
    const file = join(d.home, 'config.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('strategy: ordered', 'strategy: sometimes'));
    const r = await cli(d.home, ['reload']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/config\.yaml:\d+:\d+ .*strategy/);
    expect((await json(['route', '--prompt', 'still there?'])).text).toBe('from a');
    writeFileSync(file, good);
    expect(await json(['reload'])).toMatchObject({ ok: true });
  });

  it('exec passes the router env, stdin and the exit code through', async () => {
    const r = await cliProcess(
      d.home,
      ['exec', '--route', 'main', '--', 'sh', '-c', 'echo "$OPENAI_BASE_URL $ANTHROPIC_BASE_URL $OPENAI_MODEL"; cat; exit 7'],
      { input: 'from stdin\n' },
    );
    expect(r.exitCode).toBe(7);
    expect(String(r.stdout).split('\n')).toEqual([`${d.url}/v1 ${d.url} main`, 'from stdin']);
  });

  it('config env / claude-code / aider print settings that point at the running daemon', async () => {
    expect((await cli(d.home, ['config', 'env'])).stdout).toContain(`export OPENAI_BASE_URL=${d.url}/v1`);
    const claude = await json(['config', 'claude-code']);
    expect(JSON.parse(claude.text)).toEqual({ env: { ANTHROPIC_BASE_URL: d.url, ANTHROPIC_AUTH_TOKEN: 'llm-router' } });
    const fakeHome = join(d.home, 'home');
    const w = await cli(d.home, ['config', 'claude-code', '--write', '--json'], { env: { HOME: fakeHome } });
    expect(w.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(fakeHome, '.claude', 'settings.json'), 'utf8')).env.ANTHROPIC_BASE_URL).toBe(d.url);
    expect((await cli(d.home, ['config', 'aider'])).stdout).toContain(`openai-api-base: ${d.url}/v1`);
  });
});
