// Remote contexts: this machine's CLI drives a second daemon over its listener's /rpc, with the
// token kept in a 0600 file and never shown.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startDaemon, tempHome, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const CONFIG = `providers:
  sim-a: { type: simulated }
  sim-b: { type: simulated }
routes:
  main: { targets: [sim-a/one] }
  other: { targets: [sim-b/two] }
`;

// One daemon, the remote; the laptop's own socket has no daemon, so a command that reaches the
// local side fails with exit 3 and one that reaches the remote answers with its pid.
let remote: RunningDaemon;
let remoteToken: string;
const laptop = tempHome();

beforeAll(async () => {
  remote = await startDaemon(CONFIG);
  remoteToken = readFileSync(join(remote.home, 'control.token'), 'utf8').trim();
  writeFileSync(join(laptop, 'prod.token'), remoteToken + '\n');
});
afterAll(async () => {
  await remote.stop();
});

const run = (args: string[]) => cli(laptop, args);
const localExit = async (args: string[]) => (await run(args)).exitCode;

describe('router context', () => {
  it('adds a context without ever printing or listing its token', async () => {
    const added = await run(['context', 'add', 'prod', remote.url, '--token-file', join(laptop, 'prod.token'), '--json']);
    expect(added.exitCode, added.stdout + added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ current: null, contexts: [{ name: 'prod', url: remote.url }] });
    const listed = await run(['context', 'list']);
    expect(listed.stdout).toMatch(/\* local[\s\S]*prod\s+http:\/\/127\.0\.0\.1/);
    for (const out of [added.stdout, added.stderr, listed.stdout, readFileSync(join(laptop, 'contexts.json'), 'utf8')]) {
      expect(out).not.toContain(remoteToken);
    }
    expect(statSync(join(laptop, 'contexts', 'prod.token')).mode & 0o777).toBe(0o600);
  });

  it('runs a command against the remote daemon with --context, and the local one without', async () => {
    const there = JSON.parse((await run(['--context', 'prod', 'status', '--json'])).stdout);
    expect(there.pid).toBe(remote.pid);
    expect(await localExit(['status', '--json'])).toBe(3);
    const switched = await run(['switch', 'other', '--context', 'prod', '--json']);
    expect(switched.exitCode, switched.stdout).toBe(0);
    expect(JSON.parse((await cli(remote.home, ['status', '--json'])).stdout).activeRoute).toBe('other');
    // stats reads a ledger file; with a context it asks the remote daemon for the remote's ledger
    const sent = await fetch(`${remote.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(sent.status).toBe(200);
    const requests = async () => JSON.parse((await run(['--context', 'prod', 'stats', '--days', '1', '--json'])).stdout).totals.requests;
    await waitFor(async () => (await requests()) === 1, 5000);
    expect(JSON.parse((await run(['stats', '--days', '1', '--json'])).stdout).totals.requests).toBe(0);
  });

  it('uses the chosen context by default until `use local`', async () => {
    expect((await run(['context', 'use', 'prod', '--json'])).exitCode).toBe(0);
    expect(JSON.parse((await run(['status', '--json'])).stdout).pid).toBe(remote.pid);
    const budget = await run(['budget', 'set', 'sim-a', '3', '--json']);
    expect(budget.exitCode, budget.stdout).toBe(0);
    const remoteBudgets = JSON.parse((await cli(remote.home, ['budget', '--json'])).stdout);
    expect(remoteBudgets.budgets.find((b: { provider: string }) => b.provider === 'sim-a').daily.limitUsd).toBe(3);
    // --socket always means a daemon on this machine, whatever context is in use
    expect(await localExit(['status', '--json', '--socket', join(laptop, 'no-daemon.sock')])).toBe(3);
    expect((await run(['context', 'use', 'local'])).exitCode).toBe(0);
    expect(await localExit(['status', '--json'])).toBe(3);
  });

  it('prints the dashboard URL of a context with its token only when asked', async () => {
    const printed = await run(['--context', 'prod', 'ui', '--print']);
    expect(printed.stdout).toBe(`${remote.url}/ui#token=${remoteToken}`);
    const page = await fetch(printed.stdout.split('#')[0]!);
    expect(page.status).toBe(200);
  });

  it.each([
    ['an unknown context', ['--context', 'nope', 'status', '--json'], 4, 'not_found'],
    ['a wrong token', ['--context', 'bad', 'status', '--json'], 1, 'failed'],
    ['a daemon that is gone', ['--context', 'gone', 'status', '--json'], 3, 'daemon_unreachable'],
    ['the reserved name', ['context', 'add', 'local', 'http://127.0.0.1:1', '--token-file', 'x', '--json'], 2, 'usage'],
    ['add without a token', ['context', 'add', 'x', 'http://127.0.0.1:1', '--json'], 2, 'usage'],
  ])('fails cleanly on %s', async (_name, args, exit, code) => {
    writeFileSync(join(laptop, 'bad.token'), 'f'.repeat(64));
    await run(['context', 'add', 'bad', remote.url, '--token-file', join(laptop, 'bad.token')]);
    await run(['context', 'add', 'gone', 'http://127.0.0.1:9', '--token-file', join(laptop, 'bad.token')]);
    const r = await run(args);
    expect(r.exitCode, r.stdout).toBe(exit);
    expect(JSON.parse(r.stdout).error.code).toBe(code);
  });

  it('removes a context and its token file', async () => {
    const r = await run(['context', 'remove', 'prod', '--json']);
    expect(JSON.parse(r.stdout).contexts.map((c: { name: string }) => c.name)).not.toContain('prod');
    expect(() => statSync(join(laptop, 'contexts', 'prod.token'))).toThrow();
  });
});
