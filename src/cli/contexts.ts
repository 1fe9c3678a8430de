// Remote contexts: names for other daemons' listeners, so `router --context prod status` drives prod
// from a laptop. The list (contexts.json) holds names and URLs only; each token sits in its own 0600
// file beside it and is never printed.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouterPaths } from '../config/paths.js';
import type { RemoteDaemon } from './client.js';
import { CliError } from './errors.js';

/** The name that means this machine's daemon over its socket (`router context use local`). */
export const LOCAL_CONTEXT = 'local';

export interface ContextEntry {
  name: string;
  url: string;
}

export interface ContextList {
  /** The context commands use without --context; null: the local daemon. */
  current: string | null;
  contexts: ContextEntry[];
}

interface StoredList {
  current: string | null;
  contexts: Record<string, { url: string }>;
}

const listFile = (p: RouterPaths) => join(p.configDir, 'contexts.json');
const tokenDir = (p: RouterPaths) => join(p.configDir, 'contexts');
const tokenFile = (p: RouterPaths, name: string) => join(tokenDir(p), `${name}.token`);

function read(p: RouterPaths): StoredList {
  try {
    const raw = JSON.parse(readFileSync(listFile(p), 'utf8')) as Partial<StoredList>;
    return { current: raw.current ?? null, contexts: raw.contexts ?? {} };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { current: null, contexts: {} };
    throw new CliError('failed', `cannot read ${listFile(p)}: ${(err as Error).message}`);
  }
}

function write(p: RouterPaths, list: StoredList): void {
  mkdirSync(p.configDir, { recursive: true, mode: 0o700 });
  writeFileSync(listFile(p), JSON.stringify(list, null, 2) + '\n', { mode: 0o600 });
}

export function listContexts(p: RouterPaths): ContextList {
  const s = read(p);
  return { current: s.current, contexts: Object.entries(s.contexts).map(([name, c]) => ({ name, url: c.url })) };
}

export function checkContextName(name: string): void {
  if (name === LOCAL_CONTEXT) throw new CliError('usage', `"${LOCAL_CONTEXT}" names this machine's daemon; pick another name`);
  if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(name)) {
    throw new CliError('usage', `context name "${name}": letters, digits, '.', '_' and '-' only, up to 64`);
  }
}

/** http(s)://host:port of a daemon's listener, without path or fragment. */
export function normaliseListenerUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new CliError('usage', `"${text}" is not a URL (expected http://HOST:PORT of the daemon's listener)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError('usage', `${text}: the listener speaks http or https`);
  return `${u.protocol}//${u.host}`;
}

export function addContext(p: RouterPaths, entry: ContextEntry, token: string): void {
  checkContextName(entry.name);
  if (!/^[\x21-\x7e]{16,512}$/.test(token)) throw new CliError('usage', 'the token file does not hold a control token');
  mkdirSync(tokenDir(p), { recursive: true, mode: 0o700 });
  chmodSync(tokenDir(p), 0o700);
  writeFileSync(tokenFile(p, entry.name), token + '\n', { mode: 0o600 });
  chmodSync(tokenFile(p, entry.name), 0o600);
  const s = read(p);
  s.contexts[entry.name] = { url: entry.url };
  write(p, s);
}

export function useContext(p: RouterPaths, name: string): void {
  const s = read(p);
  if (name !== LOCAL_CONTEXT && !s.contexts[name]) throw notFound(name, s);
  write(p, { ...s, current: name === LOCAL_CONTEXT ? null : name });
}

export function removeContext(p: RouterPaths, name: string): void {
  const s = read(p);
  if (!s.contexts[name]) throw notFound(name, s);
  delete s.contexts[name];
  write(p, { current: s.current === name ? null : s.current, contexts: s.contexts });
  rmSync(tokenFile(p, name), { force: true });
}

/** The daemon a command should talk to: a context (named, else the current one), or null for the local socket. */
export function resolveContext(p: RouterPaths, name: string | undefined): RemoteDaemon | null {
  const s = read(p);
  const chosen = name ?? s.current;
  if (chosen === null || chosen === LOCAL_CONTEXT) return null;
  const entry = s.contexts[chosen];
  if (!entry) throw notFound(chosen, s);
  let token: string;
  try {
    token = readFileSync(tokenFile(p, chosen), 'utf8').trim();
  } catch {
    throw new CliError(
      'failed',
      `context ${chosen} has no token file`,
      `add it again: router context add ${chosen} ${entry.url} --token-file FILE`,
    );
  }
  return { name: chosen, url: entry.url, token };
}

function notFound(name: string, s: StoredList): CliError {
  const known = Object.keys(s.contexts);
  return new CliError(
    'not_found',
    `no context "${name}" (contexts: ${known.join(', ') || 'none'})`,
    'add one: router context add NAME URL --token-file FILE',
  );
}
