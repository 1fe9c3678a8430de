// The daemon's life cycle as a user meets it: restart keeps how it was started, a busy port is one
// line, a config that appears after a demo start is picked up, commands edit the file the running
// daemon uses, and status says in words what state the config is in.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusDTO } from '../../src/protocol/index.js';
import { cli, daemonStatus, type RunningDaemon, startDaemon, tempHome } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const BIN = new URL('../../bin/run.js', import.meta.url).pathname;
const running: RunningDaemon[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
  for (const s of servers.splice(0)) s.close();
});

const TWO_ROUTES = 'providers:\n  sim: { type: simulated }\nroutes:\n  one: { targets: [sim/a] }\n  two: { targets: [sim/b, sim/c] }\n';

describe('daemon restart and start', () => {
  it('restart keeps the --config and --listen the daemon was started with', async () => {
    const home = tempHome();
    const file = join(home, 'elsewhere.yaml');
    writeFileSync(file, TWO_ROUTES);
    const port = await freePort();
    const started = await startedWith(home, ['--config', file, '--listen', `127.0.0.1:${port}`]);
    const r = await cli(home, ['daemon', 'restart', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const status = JSON.parse(String(r.stdout)) as StatusDTO;
    running.push({ ...started, pid: status.pid });
    expect(status.pid).not.toBe(started.pid);
    expect(status).toMatchObject({ configPath: file, listen: `127.0.0.1:${port}`, routes: 2 });
    expect(r.stderr).toContain(`waiting for routerd (pid ${started.pid}) to exit`);
  });

  it('a busy port is one line naming the address, exit 1, detached and in the foreground', async () => {
    const home = tempHome();
    const busy = await occupiedPort();
    const detached = await cli(home, ['daemon', 'start', '--listen', `127.0.0.1:${busy}`]);
    expect(detached.exitCode).toBe(1);
    expect(String(detached.stderr).split('\n')).toEqual([
      `error: cannot listen on 127.0.0.1:${busy}: the address is already in use (pick another with --listen HOST:PORT)`,
    ]);
    const fg = await cli(home, ['daemon', 'start', '--foreground', '--listen', `127.0.0.1:${busy}`]);
    expect(fg.exitCode).toBe(1);
    expect(String(fg.stderr).split('\n')).toEqual([
      `routerd: cannot listen on 127.0.0.1:${busy}: the address is already in use (pick another with --listen HOST:PORT)`,
    ]);
    expect((await cli(home, ['status'])).exitCode).toBe(3);
  });

  it('the foreground daemon prints one human line beside its JSON log', async () => {
    const home = tempHome();
    const child = execa(process.execPath, [BIN, 'daemon', 'start', '--foreground', '--listen', '127.0.0.1:0'], {
      env: { ROUTER_HOME: home, NO_COLOR: '1' },
      reject: false,
    });
    const line = await new Promise<string>((resolve) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('\n')) resolve(err.split('\n')[0]!);
      });
    });
    expect(line).toMatch(
      new RegExp(
        `^llm-router listening on http://127\\.0\\.0\\.1:\\d+ \\(config: demo config, no config file at ${join(home, 'config.yaml')}\\)$`,
      ),
    );
    child.kill('SIGTERM');
    const done = await child;
    expect(done.exitCode).toBe(0);
    expect(
      String(done.stdout)
        .split('\n')
        .every((l) => l === '' || JSON.parse(l)),
    ).toBe(true);
    expect(String(done.stderr).trim().split('\n')).toHaveLength(1);
  });
});

describe('a daemon started on the built-in demo config', () => {
  it('status says so in words; init hints at the running daemon; reload and the watcher pick the file up', async () => {
    const d = await startDaemon();
    running.push(d);
    const file = join(d.home, 'config.yaml');
    expect(String((await cli(d.home, ['status'])).stdout)).toContain(`demo config (no config file at ${file})`);
    const before = await daemonStatus(d.socket);
    expect(before.configWatched).toBe(file);

    const init = await cli(d.home, ['init']);
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain(`the running daemon (pid ${d.pid}) picks it up automatically, or now with: router reload`);
    const reload = await cli(d.home, ['reload', '--json']);
    expect(JSON.parse(String(reload.stdout))).toMatchObject({ ok: true, configPath: file });
    expect((await daemonStatus(d.socket)).configPath).toBe(file);
  });

  it('the file watcher alone picks up a config written after the start', async () => {
    const d = await startDaemon();
    running.push(d);
    writeFileSync(join(d.home, 'config.yaml'), TWO_ROUTES);
    await waitFor(async () => (await daemonStatus(d.socket)).routes === 2);
    expect((await daemonStatus(d.socket)).configPath).toBe(join(d.home, 'config.yaml'));
  });

  it('init with no daemon says how to start one', async () => {
    const r = await cli(tempHome(), ['init']);
    expect(r.stdout).toContain('router daemon start');
  });
});

describe('commands act on the config file the running daemon uses', () => {
  it('priority and config check read the daemon’s --config file, not config.yaml', async () => {
    const home = tempHome();
    const file = join(home, 'elsewhere.yaml');
    writeFileSync(file, TWO_ROUTES);
    running.push(await startedWith(home, ['--config', file, '--listen', '127.0.0.1:0']));
    const list = await cli(home, ['priority', 'list', '--route', 'two', '--json']);
    expect(list.exitCode, String(list.stderr)).toBe(0);
    expect(JSON.parse(String(list.stdout)).targets).toEqual(['sim/b', 'sim/c']);
    const set = await cli(home, ['priority', 'set', 'sim/c', '--position', '1', '--route', 'two', '--json']);
    expect(JSON.parse(String(set.stdout))).toMatchObject({ targets: ['sim/c', 'sim/b'], reloaded: true });
    expect(readFileSync(file, 'utf8')).toContain('[sim/c, sim/b]');
    const check = await cli(home, ['config', 'check', '--json']);
    expect(JSON.parse(String(check.stdout))).toMatchObject({ file, ok: true, routes: 2 });
  });
});

describe('router status and the config', () => {
  it('a refused config shows its first error, not an earlier warning', async () => {
    const d = await startDaemon(TWO_ROUTES);
    running.push(d);
    writeFileSync(
      join(d.home, 'config.yaml'),
      TWO_ROUTES.replace('[sim/a]', '[sim/a, sim/a]') + '  three: { strategy: sometimes, targets: [sim/d] }\n',
    );
    const reload = await cli(d.home, ['reload']);
    expect(reload.exitCode).toBe(1);
    expect(reload.stderr).toContain('error: config refused, the running config stays: 1 problem');
    const line = String((await cli(d.home, ['status'])).stdout);
    expect(line).toMatch(/config refused: .*config\.yaml:6:\d+ .*strategy/);
    expect(line).not.toContain('listed twice');
  });

  it('a listen: change says it needs a restart, and restart moves to it', async () => {
    const home = tempHome();
    const [p1, p2] = [await freePort(), await freePort()];
    const file = join(home, 'config.yaml');
    writeFileSync(file, `listen: 127.0.0.1:${p1}\n${TWO_ROUTES}`);
    const d = await startedWith(home, []);
    running.push(d);
    writeFileSync(file, `listen: 127.0.0.1:${p2}\n${TWO_ROUTES}`);
    await waitFor(async () => (await daemonStatus(d.socket)).listenPending !== null);
    const status = await daemonStatus(d.socket);
    expect(status).toMatchObject({ listen: `127.0.0.1:${p1}`, listenPending: `127.0.0.1:${p2}` });
    expect(String((await cli(home, ['status'])).stdout)).toContain(`listen 127.0.0.1:${p2} takes effect after: router daemon restart`);
    const reload = await cli(home, ['reload']);
    expect(reload.stderr).toBe(`listen 127.0.0.1:${p2} takes effect after: router daemon restart`);
    const r = await cli(home, ['daemon', 'restart', '--json']);
    const after = JSON.parse(String(r.stdout)) as StatusDTO;
    running.push({ ...d, pid: after.pid });
    expect(after).toMatchObject({ listen: `127.0.0.1:${p2}`, listenPending: null });
  });
});

describe('unknown names are exit 4 everywhere', () => {
  it('route -m, circuit reset, exec --route', async () => {
    const d = await startDaemon(TWO_ROUTES);
    running.push(d);
    const route = await cli(d.home, ['route', '-m', 'nosuch', '-p', 'hi']);
    expect([route.exitCode, route.stderr]).toEqual([4, expect.stringContaining('nosuch')]);
    const circuit = await cli(d.home, ['circuit', 'reset', 'nosuch']);
    expect([circuit.exitCode, circuit.stderr]).toEqual([4, expect.stringContaining('nosuch')]);
    const exec = await cli(d.home, ['exec', '--route', 'nosuch', '--', 'true']);
    expect([exec.exitCode, exec.stderr]).toEqual([4, expect.stringContaining('nosuch')]);
  });
});

describe('stop says what it waits for', () => {
  it('names the in-flight requests and the drain limit on stderr, not in --json stdout', async () => {
    const d = await startDaemon(
      'providers:\n  slow: { type: simulated, simulate: { text: "one two three four five six seven eight nine ten eleven twelve", tokensPerSecond: 8 } }\nroutes:\n  r: { targets: [slow/m] }\n',
    );
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = res.text();
    // In-process, so the stop reaches the daemon while the stream is surely still running.
    const stop = await cli(d.home, ['daemon', 'stop', '--json']);
    expect(stop.exitCode).toBe(0);
    expect(JSON.parse(String(stop.stdout))).toEqual({ pid: d.pid, stopped: true });
    expect(stop.stderr).toMatch(/^waiting for 1 in-flight request to finish \(up to \d+ s\)…$/m);
    expect(await body).toContain('twelve');
  });
});

async function startedWith(home: string, flags: string[]): Promise<RunningDaemon> {
  const r = await cli(home, ['daemon', 'start', ...flags, '--json']);
  if (r.exitCode !== 0) throw new Error(`daemon start failed: ${r.stderr}`);
  const s = JSON.parse(String(r.stdout)) as StatusDTO;
  return {
    home,
    url: `http://${s.listen}`,
    pid: s.pid,
    socket: s.socket,
    async stop() {
      if ((await cli(home, ['daemon', 'stop'])).exitCode !== 0) {
        try {
          process.kill(s.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

function listening(): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

async function occupiedPort(): Promise<number> {
  const s = await listening();
  servers.push(s);
  return (s.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const s = await listening();
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
