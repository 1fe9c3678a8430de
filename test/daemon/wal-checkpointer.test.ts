// The ledger's WAL checkpointed by a worker thread (store/checkpointer.ts), on the built store:
// the worker file only exists in dist/. Real files, real SQLite; the main database file growing is
// what shows a checkpoint copied pages into it.
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { openStore as OpenStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { attempt, NOON, request, tempDbFile } from '../store/fixtures.js';

// The built module (dist/ has no type declarations): its worker sits beside it as checkpoint-worker.js.
const built = '../../dist/store/store.js';
const { openStore } = (await import(built)) as { openStore: typeof OpenStore };

let tmp: ReturnType<typeof tempDbFile>;
let errors: Error[];
beforeEach(() => {
  tmp = tempDbFile();
  errors = [];
});
afterEach(() => tmp.cleanup());

// SQLite deletes the WAL when the last connection closes cleanly.
const size = (file: string): number => (existsSync(file) ? statSync(file).size : 0);
const trace = { note: 'x'.repeat(1500) };

/** `n` ledger rows of ~1.6 KB each, written in batches of 500. */
function write(store: Store, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `d-${i}`;
    store.ledger.enqueue(request({ decisionId: id, ts: NOON + i, trace }), [attempt({ decisionId: id, ts: NOON + i })]);
    if (i % 500 === 499) store.ledger.flush();
  }
  store.ledger.flush();
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (check()) return true;
  return check();
}

describe('background WAL checkpoints', () => {
  it('the writer no longer checkpoints inside its commits; close() still leaves everything in the main file', () => {
    // An interval no test waits for: only close() may checkpoint.
    const store = openStore(tmp.file, { flushIntervalMs: 60_000, checkpointEveryMs: 600_000, onError: (e) => errors.push(e) });
    const before = size(tmp.file);
    write(store, 4000); // ~6 MB: past SQLite's 1,000-page automatic checkpoint
    expect(size(`${tmp.file}-wal`)).toBeGreaterThan(5_000_000);
    expect(size(tmp.file)).toBe(before);
    store.close();
    expect(size(`${tmp.file}-wal`)).toBe(0);
    const db = new Database(tmp.file, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n).toBe(4000);
    db.close();
    expect(errors).toEqual([]);
  });

  it('the worker copies the WAL into the main file on its timer', async () => {
    const store = openStore(tmp.file, { flushIntervalMs: 60_000, checkpointEveryMs: 25, onError: (e) => errors.push(e) });
    try {
      const before = size(tmp.file);
      write(store, 1000);
      expect(await until(() => size(tmp.file) > before + 1_000_000, 5_000)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      store.close();
    }
  });
});
