// Starts routerd as a child process, detached (waits until the socket answers) or in the
// foreground (signals forwarded, its exit code returned). The CLI never imports daemon code: it
// only knows where the built entry point lives.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StatusDTO } from '../protocol/index.js';
import { DaemonClient } from './client.js';
import { CliError } from './errors.js';

const DAEMON_ENTRY = fileURLToPath(new URL('../daemon/main.js', import.meta.url));

export interface LaunchOptions {
  config?: string;
  listen?: string;
  socket: string;
}

/**
 * V8 flags routerd runs with. A smaller young generation (8 MB semi-spaces instead of 16) keeps
 * 1,000 open streams under 150 MB peak RSS (152.5 -> 141.5 MB in the open-stream drill). Fixed at
 * that size (min = max): V8 otherwise starts at 1 MB and grows it only while much survives, so under
 * load the young generation stayed small, a scavenge came every few requests and caught the requests
 * in flight, which were then copied into the old generation (heap sampling of objects that outlived
 * a scavenge, sse scenario: 4.2 -> 1.1-1.4 KB per request). It costs idle RSS: the drill's peak is
 * 143 MB with the checkpoint worker's heap capped (store/checkpointer.ts).
 */
export const daemonNodeFlags: readonly string[] = ['--max-semi-space-size=8', '--min-semi-space-size=8'];

function daemonArgs(o: LaunchOptions, log: 'stdout' | 'file'): string[] {
  const args = [...daemonNodeFlags, DAEMON_ENTRY, '--socket', o.socket, '--log', log];
  if (o.config) args.push('--config', o.config);
  if (o.listen) args.push('--listen', o.listen);
  return args;
}

/** Detached start; resolves with the daemon's hello once its socket answers. */
export async function launchDetached(o: LaunchOptions, timeoutMs = 15_000): Promise<StatusDTO> {
  const running = await DaemonClient.connect(o.socket, 'router-start', 1000).catch(() => null);
  if (running) {
    running.close();
    throw new CliError(
      'failed',
      `the daemon is already running (pid ${running.hello.pid}, socket ${o.socket})`,
      'stop it with: router daemon stop, or use: router daemon restart',
    );
  }
  const child = spawn(process.execPath, daemonArgs(o, 'file'), { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const early = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
      if (early !== null) throw new CliError('failed', stderr.trim().replace(/^routerd: /, '') || `the daemon exited with code ${early}`);
      const client = await DaemonClient.connect(o.socket, 'router-start', 1000).catch(() => null);
      if (client) {
        try {
          return await client.call('status');
        } finally {
          client.close();
        }
      }
    }
    child.kill('SIGTERM');
    throw new CliError(
      'failed',
      `the daemon did not answer on ${o.socket} within ${timeoutMs / 1000}s${stderr ? `: ${stderr.trim()}` : ''}`,
    );
  } finally {
    child.stderr!.destroy();
    child.unref();
  }
}

/** Foreground run for systemd and containers: the daemon logs to stdout; signals pass through. */
export function runForeground(o: LaunchOptions): Promise<number> {
  const child = spawn(process.execPath, daemonArgs(o, 'stdout'), { stdio: 'inherit' });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, forward(sig));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}
