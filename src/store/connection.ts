// Connection setup shared by the daemon's store and the read-only view.
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** WAL so the CLI can read while the daemon writes; NORMAL sync is durable across app crashes in WAL mode. */
export function openWritable(file: string, busyTimeoutMs: number, now: () => number): Database.Database {
  ownerOnly(file);
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, file, now);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openReadOnly(file: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return db;
}

/**
 * The ledger holds prompts' metadata and spend: owner-only, even when the file existed with looser
 * modes. SQLite creates the -wal and -shm files with the database file's mode; leftovers are tightened.
 */
function ownerOnly(file: string): void {
  if (file === ':memory:' || file === '') return;
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}
