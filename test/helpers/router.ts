// Runs the real `router` CLI and a real daemon in a temp ROUTER_HOME, as a user would.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type Result } from 'execa';

const BIN = new URL('../../bin/run.js', import.meta.url).pathname;

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'router-test-'));
}

export function cli(home: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Result> {
  return execa(process.execPath, [BIN, ...args], {
    env: { ROUTER_HOME: home, NO_COLOR: '1', ...opts.env },
    extendEnv: true,
    reject: false,
    input: opts.input,
    timeout: 30_000,
  });
}

export interface RunningDaemon {
  home: string;
  url: string;
  pid: number;
  socket: string;
  stop(): Promise<void>;
}

/** Writes config.yaml (if given) into a fresh home and starts the daemon on a free port. */
export async function startDaemon(configYaml?: string, home = tempHome()): Promise<RunningDaemon> {
  if (configYaml !== undefined) writeFileSync(join(home, 'config.yaml'), configYaml);
  const r = await cli(home, ['daemon', 'start', '--listen', '127.0.0.1:0', '--json']);
  if (r.exitCode !== 0) throw new Error(`daemon start failed (${r.exitCode}): ${r.stdout} ${r.stderr}`);
  const status = JSON.parse(String(r.stdout)) as { pid: number; listen: string; socket: string };
  return {
    home,
    url: `http://${status.listen}`,
    pid: status.pid,
    socket: status.socket,
    async stop() {
      const s = await cli(home, ['daemon', 'stop']);
      if (s.exitCode !== 0) {
        try {
          process.kill(status.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}
