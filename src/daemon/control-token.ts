// The secret that lets a page or a remote CLI drive this daemon over the listener's /rpc WebSocket.
// Kept in a 0600 file in the data folder and made once, so `router ui` and copies made for remote
// contexts stay valid across restarts. Never logged.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

/** Reads the token, creating it first when the file is missing or empty. */
export function ensureControlToken(file: string): string {
  const existing = readToken(file);
  if (existing) {
    chmodSync(file, 0o600);
    return existing;
  }
  const token = randomBytes(32).toString('hex');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

function readToken(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
