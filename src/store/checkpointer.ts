// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses 1,000 WAL pages and waits there for two fsyncs; on the daemon that is the thread serving
// requests, blocked for milliseconds every few thousand ledger rows. Here the daemon's connection
// stops checkpointing and a worker thread with its own connection does it on a timer.
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CheckpointJob } from './checkpoint-worker.js';

const workerFile = new URL('./checkpoint-worker.js', import.meta.url);
/** SQLite's own default, restored when the worker is gone so the WAL cannot grow without bound. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface Checkpointer {
  /** Tells the worker to close its connection; the caller's own checkpoint then runs as before. */
  stop(): void;
}

export function startCheckpointer(db: Database.Database, job: CheckpointJob, report: (err: Error) => void): Checkpointer {
  // It holds one connection and a timer: a small heap is plenty, and the daemon's memory bar counts it.
  const worker = new Worker(workerFile, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 } });
  // A daemon that exits does not wait for the timer; its close() checkpoints what is left.
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const fallBack = (why: string): void => {
    if (stopping) return;
    stopping = true;
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    report(new Error(`background WAL checkpoints stopped (${why}); the writer checkpoints again`));
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) report(new Error(`background WAL checkpoint failed: ${m.error}`));
  });
  worker.once('error', (err) => fallBack(err.message));
  worker.once('exit', (code) => fallBack(`worker exited with ${code}`));
  return {
    stop() {
      if (stopping) return;
      stopping = true;
      worker.postMessage('stop');
    },
  };
}
