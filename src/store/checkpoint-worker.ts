// The background checkpointer's thread (checkpointer.ts): its own connection to the database copies
// the WAL back into the main file on a timer, so the fsyncs a checkpoint waits for happen here and
// not on the daemon's event loop. PASSIVE never waits for, or blocks, the daemon's writes.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointJob {
  file: string;
  intervalMs: number;
  busyTimeoutMs: number;
}

const job = workerData as CheckpointJob;
// Opened at the first tick, not at once: a connection opening while the daemon's own is still
// migrating and preparing its statements made the daemon wait on a lock (~50 ms at every start).
let db: Database.Database | null = null;

function open(): Database.Database {
  const opened = new Database(job.file, { fileMustExist: true });
  opened.pragma(`busy_timeout = ${job.busyTimeoutMs}`);
  opened.pragma('synchronous = NORMAL');
  return opened;
}

const timer = setInterval(() => {
  try {
    db ??= open();
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // Reported, and the next tick tries again: a checkpoint that failed loses nothing (the WAL keeps it).
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}, job.intervalMs);

parentPort?.once('message', () => {
  clearInterval(timer);
  db?.close();
  parentPort?.close();
});
