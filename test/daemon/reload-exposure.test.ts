// A daemon bound beyond loopback never loses its API keys on a reload: the check looks at the
// address actually bound, not at the new file's `listen:` (which only applies after a restart).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { cli, daemonStatus, tempHome } from '../helpers/router.js';

const KEY = 'rk-test-exposure-1';
const base = 'providers:\n  sim: { type: simulated }\nroutes:\n  main: { targets: [sim/echo] }\ndefaultRoute: main\n';
let home: string;
let socket: string;
let pid: number;
let url: string;

beforeAll(async () => {
  home = tempHome();
  // Bound on every interface (port 0: a free one); test traffic still goes to 127.0.0.1 only.
  writeFileSync(join(home, 'config.yaml'), `listen: 0.0.0.0:0\napiKeys: [${KEY}]\n${base}`);
  const r = await cli(home, ['daemon', 'start', '--json']);
  if (r.exitCode !== 0) throw new Error(`daemon start failed: ${r.stdout} ${r.stderr}`);
  const s = JSON.parse(r.stdout) as { pid: number; listen: string; socket: string };
  ({ pid, socket } = s);
  url = `http://127.0.0.1:${s.listen.slice(s.listen.lastIndexOf(':') + 1)}`;
});
afterAll(async () => {
  const s = await cli(home, ['daemon', 'stop']);
  if (s.exitCode !== 0) process.kill(pid, 'SIGKILL');
});

const chat = (headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('a reload on a daemon bound beyond loopback', () => {
  it('binds 0.0.0.0 and asks for a key', async () => {
    expect((await daemonStatus(socket)).listen).toMatch(/^0\.0\.0\.0:\d+$/);
    expect((await chat()).status).toBe(401);
    expect((await chat({ authorization: `Bearer ${KEY}` })).status).toBe(200);
  });

  it.each([
    ['a loopback listen without apiKeys', `listen: 127.0.0.1:4141\n${base}`, /bound to 0\.0\.0\.0:\d+.*apiKeys/],
    ['no listen and no apiKeys', base, /bound to 0\.0\.0\.0:\d+.*apiKeys/],
    // (This one the file's own check already refuses.)
    ['an empty apiKeys list', `listen: 0.0.0.0:0\napiKeys: []\n${base}`, /not a loopback address; set apiKeys/],
  ])('refuses %s: the running config stays, status says why, keyless requests stay 401', async (_name, text, why) => {
    writeFileSync(join(home, 'config.yaml'), text);
    const rpc = await DaemonClient.connect(socket);
    try {
      const r = await rpc.call('config.reload');
      expect(r.ok).toBe(false);
      expect(r.problems.join('\n')).toMatch(why);
    } finally {
      rpc.close();
    }
    expect((await chat()).status).toBe(401);
    expect((await chat({ authorization: `Bearer ${KEY}` })).status).toBe(200);
    const status = await cli(home, ['status']);
    expect(status.stdout).toMatch(new RegExp(`config refused: .*${why.source}`));
  });

  it('still takes a config that keeps apiKeys, and says the new listen waits for a restart', async () => {
    writeFileSync(join(home, 'config.yaml'), `listen: 127.0.0.1:4141\napiKeys: [${KEY}, rk-second]\n${base}`);
    const r = await cli(home, ['reload']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('listen 127.0.0.1:4141 takes effect after: router daemon restart');
    expect((await chat({ authorization: 'Bearer rk-second' })).status).toBe(200);
    expect((await chat()).status).toBe(401);
  });
});
