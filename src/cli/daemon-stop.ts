// Graceful stop over RPC: ask, say what the daemon is waiting for, then wait for it to close the
// socket and for its pid to exit.
import { alive } from '../config/pid-file.js';
import type { StatusDTO } from '../protocol/index.js';
import { DaemonClient } from './client.js';
import { CliError } from './errors.js';
import { plural } from './render/words.js';

export interface Stopped {
  pid: number;
  /** The daemon's status just before the stop: how it was started, for `daemon restart`. */
  status: StatusDTO;
}

export async function stopDaemon(socket: string, say: (line: string) => void, timeoutMs = 20_000): Promise<Stopped> {
  const client = await DaemonClient.connect(socket, 'router-stop');
  let status: StatusDTO;
  try {
    status = await client.call('status');
  } catch (err) {
    client.close();
    throw err;
  }
  const { pid, inFlight, drainMs } = await client.call('daemon.stop');
  say(
    inFlight > 0
      ? `waiting for ${plural(inFlight, 'in-flight request')} to finish (up to ${Math.round(drainMs / 1000)} s)…`
      : `waiting for routerd (pid ${pid}) to exit…`,
  );
  await client.closed();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return { pid, status };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new CliError('failed', `routerd (pid ${pid}) did not exit within ${timeoutMs / 1000}s`);
}
