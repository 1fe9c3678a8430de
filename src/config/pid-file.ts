// The daemon's pid file and whether a pid still lives: read by the daemon (stale leftovers) and by
// the CLI (waiting for a stopped daemon to exit). Here, beside paths.ts, because both rooms use it
// and neither may import the other.
import { readFileSync } from 'node:fs';

export function readPid(pidFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True while the process exists, also when it belongs to another user (EPERM). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
