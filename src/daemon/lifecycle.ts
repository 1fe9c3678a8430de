// Single-instance guard and leftovers: a live socket means another daemon owns this home; a dead
// one (from a killed daemon) is removed, as is a pid file whose process is gone.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { alive, readPid } from '../config/pid-file.js';

export class AlreadyRunning extends Error {
  constructor(
    readonly socket: string,
    readonly pid: number | null,
  ) {
    super(`a daemon is already running on ${socket}${pid ? ` (pid ${pid})` : ''}`);
  }
}

export function socketAnswers(socket: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(socket);
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Returns normally when this process may own the socket; removes stale leftovers. */
export async function claimHome(socket: string, pidFile: string): Promise<void> {
  if (exists(socket)) {
    if (await socketAnswers(socket)) throw new AlreadyRunning(socket, readPid(pidFile));
    rmSync(socket, { force: true });
  }
  const pid = readPid(pidFile);
  if (pid !== null && !alive(pid)) rmSync(pidFile, { force: true });
}

export function writePid(pidFile: string): void {
  mkdirSync(dirname(pidFile), { recursive: true, mode: 0o700 });
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
}

/** Removes socket and pid file, but a pid file only if it is still ours. */
export function releaseHome(socket: string, pidFile: string): void {
  rmSync(socket, { force: true });
  if (readPid(pidFile) === process.pid) rmSync(pidFile, { force: true });
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
