import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStoreReadOnly } from '../../src/store/readonly.js';
import { openStore } from '../../src/store/store.js';
import { StoreReadOnlyError, type ReadOnlyStore } from '../../src/store/types.js';
import { attempt, request, tempDbFile, writeLegacy } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
beforeEach(() => {
  tmp = tempDbFile();
});
afterEach(() => tmp.cleanup());

describe('read-only store on a missing file', () => {
  it('answers empty and creates nothing', () => {
    const ro = openStoreReadOnly(tmp.file);
    expect(ro.ledger.get('d-1')).toBeNull();
    expect(ro.ledger.last()).toBeNull();
    expect(ro.ledger.recent(10)).toEqual([]);
    expect(ro.spend.day('openai', '2025-03-14')).toBe(0);
    expect(ro.spend.range('openai', '2025-03-01', '2025-03-31')).toBe(0);
    expect(ro.spend.byProvider('2025-03-01', '2025-03-31')).toEqual({});
    expect(ro.state.get('activeRoute')).toBeUndefined();
    expect(ro.state.all()).toEqual({});
    expect(ro.ratings.get('d-1')).toBeNull();
    ro.close();
    expect(fs.readdirSync(tmp.dir)).toEqual([]);
  });

  it('picks the file up once the daemon creates it', () => {
    const ro = openStoreReadOnly(tmp.file);
    expect(ro.ledger.last()).toBeNull();
    const rw = openStore(tmp.file);
    rw.ledger.enqueue(request(), []);
    rw.ledger.flush();
    expect(ro.ledger.last()?.request.decisionId).toBe('d-1');
    ro.close();
    rw.close();
  });
});

describe('read-only store on an older file', () => {
  it('reads a file an older release wrote (schema 2: attempts in their own table, the index 3 dropped)', () => {
    openStore(tmp.file).close();
    const db = new Database(tmp.file);
    db.exec(
      'DELETE FROM schema_migrations WHERE version > 2; CREATE INDEX attempts_provider_ts ON attempts (provider, ts); ALTER TABLE requests DROP COLUMN attempts_json;',
    );
    db.close();
    writeLegacy(tmp.file, request(), [attempt({ seq: 2 }), attempt()]);
    const ro = openStoreReadOnly(tmp.file);
    expect(ro.ledger.get('d-1')).toEqual({ request: request(), attempts: [attempt(), attempt({ seq: 2 })] });
    expect(ro.stats.entriesSince(0, 10)).toEqual([{ request: request(), attempts: [attempt(), attempt({ seq: 2 })] }]);
    ro.close();
  });

  it('reads rows an older release wrote in a file a newer one has migrated', () => {
    const rw = openStore(tmp.file);
    writeLegacy(tmp.file, request({ decisionId: 'old' }), [attempt({ decisionId: 'old' })]);
    rw.ledger.enqueue(request({ decisionId: 'new', ts: request().ts + 1 }), [attempt({ decisionId: 'new' })]);
    rw.ledger.flush();
    const ro = openStoreReadOnly(tmp.file);
    expect(ro.stats.entriesSince(0, 10).map((e) => [e.request.decisionId, e.attempts.map((a) => a.decisionId)])).toEqual([
      ['old', ['old']],
      ['new', ['new']],
    ]);
    ro.close();
    rw.close();
  });
});

describe('read-only store on a live file', () => {
  it('sees what another connection wrote, and later writes too', () => {
    const rw = openStore(tmp.file, { flushIntervalMs: 60_000 });
    rw.ledger.enqueue(request(), [attempt()]);
    rw.state.set('activeRoute', 'coding');
    rw.ratings.set({ decisionId: 'd-1', ts: 1, rating: 'good' });
    rw.ledger.flush();

    const ro = openStoreReadOnly(tmp.file);
    expect(ro.ledger.get('d-1')).toEqual({ request: request(), attempts: [attempt()] });
    expect(ro.spend.day('openai', '2025-03-14')).toBe(0.00036);
    expect(ro.state.get('activeRoute')).toBe('coding');
    expect(ro.ratings.get('d-1')).toEqual({ decisionId: 'd-1', ts: 1, rating: 'good' });

    rw.ledger.enqueue(request({ decisionId: 'd-2', ts: request().ts + 1 }), []);
    expect(ro.ledger.last()?.request.decisionId).toBe('d-1');
    rw.ledger.flush();
    expect(ro.ledger.last()?.request.decisionId).toBe('d-2');
    expect(ro.ledger.recent(5).map((r) => r.decisionId)).toEqual(['d-2', 'd-1']);
    ro.close();
    rw.close();
  });

  it('reads a file whose daemon has exited', () => {
    const rw = openStore(tmp.file);
    rw.state.set('k', [1, 2]);
    rw.close();
    const ro = openStoreReadOnly(tmp.file);
    expect(ro.state.all()).toEqual({ k: [1, 2] });
    ro.close();
  });
});

describe('read-only store refuses writes', () => {
  const writes: [string, (ro: ReadOnlyStore) => unknown][] = [
    ['ledger.enqueue', (ro) => ro.ledger.enqueue(request(), [])],
    ['ledger.flush', (ro) => ro.ledger.flush()],
    ['ledger.prune', (ro) => ro.ledger.prune(0)],
    ['state.set', (ro) => ro.state.set('k', 1)],
    ['state.delete', (ro) => ro.state.delete('k')],
  ];
  it.each(writes)('%s throws StoreReadOnlyError', (operation, write) => {
    const ro = openStoreReadOnly(tmp.file);
    expect(() => write(ro)).toThrow(StoreReadOnlyError);
    expect(() => write(ro)).toThrow(`${operation} is a write, and ${tmp.file} was opened read-only`);
    expect(ro.ledger.pending()).toBe(0);
    ro.close();
  });
});
