// Which config file a command should read or edit: the one named with --config, else the one the
// running daemon uses (or waits for, on the demo config), else the usual path. Editing some other
// file than the daemon's would look like success and change nothing.
import type { RouterPaths } from '../config/paths.js';
import type { StatusDTO } from '../protocol/index.js';
import { DaemonClient } from './client.js';

/** The running daemon's status, or null when none answers. */
export async function runningStatus(socket: string): Promise<StatusDTO | null> {
  const client = await DaemonClient.connect(socket, 'router-cli', 1000).catch(() => null);
  if (!client) return null;
  try {
    return await client.call('status');
  } finally {
    client.close();
  }
}

export async function configFileInUse(paths: RouterPaths, named: string | undefined): Promise<string> {
  if (named !== undefined) return paths.config;
  const status = await runningStatus(paths.socket);
  return status ? (status.configPath ?? status.configWatched ?? paths.config) : paths.config;
}
