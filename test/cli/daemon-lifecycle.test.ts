import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, daemonStatus, type RunningDaemon, startDaemon, tempHome } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const running: RunningDaemon[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

describe('router daemon lifecycle (real processes, real socket)', () => {
  it('status with no daemon exits 3 with a hint, and --json prints the error object', async () => {
    const home = tempHome();
    const plain = await cli(home, ['status']);
    expect(plain.exitCode).toBe(3);
    expect(plain.stderr).toContain('not running');
    expect(plain.stderr).toContain('router daemon start');
    const json = await cli(home, ['status', '--json']);
    expect(json.exitCode).toBe(3);
    const body = JSON.parse(String(json.stdout));
    expect(body.error.code).toBe('daemon_unreachable');
    expect(body.error.message).toContain('not running');
  });

  it('starts, reports status, refuses a second start, and stops cleanly', async () => {
    const d = await startDaemon();
    running.push(d);
    expect(statSync(d.socket).mode & 0o777).toBe(0o600);
    expect(statSync(d.home).mode & 0o777).toBe(0o700);

    const line = await cli(d.home, ['status']);
    expect(line.exitCode).toBe(0);
    expect(String(line.stdout)).toMatch(/^route default → sim\/echo · healthy/);

    const st = await cli(d.home, ['daemon', 'status', '--json']);
    const status = JSON.parse(String(st.stdout));
    expect(status).toMatchObject({ pid: d.pid, routes: 1, configPath: null, socket: d.socket, configError: null });
    expect(status.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);

    const again = await cli(d.home, ['daemon', 'start']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('already running');

    const stop = await cli(d.home, ['daemon', 'stop', '--json']);
    expect(stop.exitCode).toBe(0);
    expect(JSON.parse(String(stop.stdout))).toEqual({ pid: d.pid, stopped: true });
    expect(existsSync(d.socket)).toBe(false);
    expect(existsSync(join(d.home, 'routerd.pid'))).toBe(false);
    expect((await cli(d.home, ['status'])).exitCode).toBe(3);
  });

  it('recovers from a stale socket and pid file left by a SIGKILLed daemon', async () => {
    const d = await startDaemon();
    process.kill(d.pid, 'SIGKILL');
    await waitFor(async () => !alive(d.pid));
    expect(existsSync(d.socket)).toBe(true);
    expect((await cli(d.home, ['status'])).exitCode).toBe(3);
    const d2 = await startDaemon(undefined, d.home);
    running.push(d2);
    expect(d2.pid).not.toBe(d.pid);
    expect((await cli(d.home, ['status'])).exitCode).toBe(0);
  });

  it('refuses to start on an invalid config and says where the problem is', async () => {
    const home = tempHome();
    writeFileSync(join(home, 'config.yaml'), 'routes:\n  a:\n    strategey: ordered\n    targets: [x/y]\n');
    const r = await cli(home, ['daemon', 'start', '--listen', '127.0.0.1:0']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('config.yaml:3:5');
    expect(existsSync(join(home, 'router.sock'))).toBe(false);
  });

  it('hot-reloads a good edit and keeps the running config on a bad one', async () => {
    const good = 'providers:\n  sim:\n    type: simulated\nroutes:\n  one:\n    targets: [sim/a]\n';
    const d = await startDaemon(good);
    running.push(d);
    const file = join(d.home, 'config.yaml');
    writeFileSync(file, good + '  two:\n    targets: [sim/b]\n');
    await waitFor(async () => (await daemonStatus(d.socket)).routes === 2);

    writeFileSync(file, good + '  two:\n    targets: [nosuch/b]\n');
    await waitFor(async () => (await daemonStatus(d.socket)).configError !== null);
    const status = JSON.parse(String((await cli(d.home, ['daemon', 'status', '--json'])).stdout));
    expect(status.routes).toBe(2);
    expect(status.configError.problems.join('\n')).toMatch(/config\.yaml:8:\d+ .*nosuch/);
    const line = await cli(d.home, ['status']);
    expect(line.stdout).toContain('config refused');
  });
});

describe('graceful stop, restart, logs, SIGHUP', () => {
  it('stop lets an in-flight stream finish before the daemon exits', async () => {
    const d = await startDaemon(
      'providers:\n  slow: { type: simulated, simulate: { text: "one two three four five six", tokensPerSecond: 10 } }\nroutes:\n  r: { targets: [slow/m] }\n',
    );
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = res.text();
    const stop = await cli(d.home, ['daemon', 'stop']);
    expect(stop.exitCode).toBe(0);
    const text = await body;
    expect(text).toContain('six');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    // The ledger row of that request was flushed before exit.
    const { attemptsFor } = await import('../helpers/ledger.js');
    expect(await attemptsFor(d.home, res.headers.get('x-router-decision')!, 1)).toHaveLength(1);
  });

  it('stop cuts a stream that outlasts the drain (limits.drainMs), and an idle keep-alive connection does not hold it up', async () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const d = await startDaemon(
      `providers:\n  slow: { type: simulated, simulate: { text: "${words}", tokensPerSecond: 10 } }\nroutes:\n  r: { targets: [slow/m] }\nlimits: { drainMs: 1000 }\n`,
    );
    const idle = new Agent({ keepAlive: true });
    const ping = await new Promise<number>((resolve, reject) =>
      httpGet(`${d.url}/healthz`, { agent: idle }, (r) => r.resume().on('end', () => resolve(r.statusCode ?? 0))).on('error', reject),
    );
    expect(ping).toBe(200);
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    let text = '';
    const decoder = new TextDecoder();
    const ended = (async () => {
      try {
        for await (const chunk of res.body!) text += decoder.decode(chunk, { stream: true });
        return 'ended';
      } catch {
        return 'cut';
      }
    })();
    await waitFor(async () => text.includes('w0'));
    const stop = cli(d.home, ['daemon', 'stop']);
    // The drain lets the stream go on after the stop began (the daemon logs daemon.stopping first)...
    await waitFor(async () => readFileSync(join(d.home, 'routerd.log'), 'utf8').includes('daemon.stopping'));
    const atStop = text.length;
    await waitFor(async () => text.length > atStop);
    // ...then cuts it, long before its ten seconds are up.
    expect((await stop).exitCode).toBe(0);
    idle.destroy();
    expect((await ended) === 'cut' || !text.includes('data: [DONE]')).toBe(true);
    expect(text).not.toContain('w99');
  });

  it('restart gives a new pid; logs show structured lines; SIGHUP reloads the config', async () => {
    const d = await startDaemon('providers:\n  sim: { type: simulated }\nroutes:\n  one: { targets: [sim/a] }\n');
    const r = await cli(d.home, ['daemon', 'restart', '--listen', '127.0.0.1:0', '--json']);
    expect(r.exitCode).toBe(0);
    const pid = JSON.parse(String(r.stdout)).pid as number;
    running.push({ ...d, pid });
    expect(pid).not.toBe(d.pid);
    const logs = await cli(d.home, ['daemon', 'logs', '--json', '-n', '100']);
    const lines = JSON.parse(String(logs.stdout)) as Array<{ msg: string; level: string; pid?: number }>;
    expect(lines.filter((l) => l.msg === 'daemon.started').map((l) => l.pid)).toEqual([d.pid, pid]);
    expect(lines.some((l) => l.msg === 'daemon.stopped')).toBe(true);

    writeFileSync(
      join(d.home, 'config.yaml'),
      'providers:\n  sim: { type: simulated }\nroutes:\n  one: { targets: [sim/a] }\n  two: { targets: [sim/b] }\n',
    );
    process.kill(pid, 'SIGHUP');
    await waitFor(async () => (await daemonStatus(d.socket)).routes === 2);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
