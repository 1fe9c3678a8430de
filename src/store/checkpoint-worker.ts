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
const db = new Database(job.file, { fileMustExist: true });
db.pragma(`busy_timeout = ${job.busyTimeoutMs}`);
db.pragma('synchronous = NORMAL');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // Reported, and the next tick tries again: a checkpoint that failed loses nothing (the WAL keeps it).
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}, job.intervalMs);

parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
