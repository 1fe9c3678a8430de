// Where the dashboard of a daemon is, and the URL that carries its control token in the fragment
// (a fragment never reaches a server or its logs; the page reads it, then drops it from the address bar).
import { readFileSync } from 'node:fs';
import type { RouterPaths } from '../config/paths.js';
import type { RemoteDaemon } from './client.js';
import { DaemonClient } from './client.js';
import { CliError } from './errors.js';

export interface DashboardUrl {
  /** The page, without the token. */
  url: string;
  /** The page with #token=…: what a browser opens. */
  withToken: string;
}

export async function dashboardUrl(paths: RouterPaths, remote: RemoteDaemon | null): Promise<DashboardUrl> {
  if (remote) return build(remote.url, remote.token);
  const client = await DaemonClient.connect(paths.socket);
  let listen: string;
  try {
    listen = (await client.call('status')).listen;
  } finally {
    client.close();
  }
  return build(`http://${browsable(listen)}`, localToken(paths.controlToken));
}

function build(origin: string, token: string): DashboardUrl {
  const url = `${origin}/ui`;
  return { url, withToken: `${url}#token=${encodeURIComponent(token)}` };
}

/** A wildcard listen address is reached, and allowed, as loopback. */
function browsable(listen: string): string {
  const i = listen.lastIndexOf(':');
  const host = listen.slice(0, i);
  const port = listen.slice(i + 1);
  if (host === '0.0.0.0' || host === '[::]' || host === '::') return `127.0.0.1:${port}`;
  return listen;
}

function localToken(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new CliError('failed', `no control token at ${file}`, 'restart the daemon (it creates one at start): router daemon restart');
  }
}
