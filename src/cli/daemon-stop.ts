// Graceful stop over RPC: ask, then wait for the daemon to close the socket and its pid to exit.
import { DaemonClient } from './client.js';
import { CliError } from './errors.js';

export async function stopDaemon(socket: string, timeoutMs = 20_000): Promise<number> {
  const client = await DaemonClient.connect(socket, 'router-stop');
  const { pid } = await client.call('daemon.stop');
  await client.closed();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new CliError('failed', `routerd (pid ${pid}) did not exit within ${timeoutMs / 1000}s`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
