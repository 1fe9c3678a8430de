// Responses API conversations in router.db: queued writes are readable at once, written in the
// batch, expire by TTL at read time, and prune keeps the table inside the TTL and the row bound.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { NOON, tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
let errors: Error[];
beforeEach(() => {
  tmp = tempDbFile();
  errors = [];
  store = openStore(tmp.file, { flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const items = (text: string): string => JSON.stringify([{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }]);
const rows = (): number => {
  const db = new Database(tmp.file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('conversations', () => {
  it('a queued record is readable at once, before any write, and after the flush from the file', () => {
    store.conversations.put({ responseId: 'resp_a', ts: NOON, items: items('hi') });
    expect(rows()).toBe(0);
    expect(store.conversations.get('resp_a', NOON)).toBe(items('hi'));
    store.ledger.flush();
    expect(rows()).toBe(1);
    store.close();
    store = openStore(tmp.file, { flushIntervalMs: 60_000 });
    expect(store.conversations.get('resp_a', NOON - 1)).toBe(items('hi'));
    expect(errors).toEqual([]);
  });

  it('unknown ids and records older than notBefore read as null, queued or written', () => {
    store.conversations.put({ responseId: 'resp_old', ts: NOON, items: items('old') });
    expect(store.conversations.get('resp_old', NOON + 1)).toBeNull();
    store.ledger.flush();
    expect(store.conversations.get('resp_old', NOON + 1)).toBeNull();
    expect(store.conversations.get('resp_nope', 0)).toBeNull();
  });

  it('prune drops expired rows and keeps only the newest maxEntries', () => {
    for (let i = 0; i < 5; i++) store.conversations.put({ responseId: `resp_${i}`, ts: NOON + i * 1000, items: items(String(i)) });
    expect(store.conversations.prune(NOON + 1000, 3)).toBe(2);
    expect(rows()).toBe(3);
    expect(store.conversations.get('resp_0', 0)).toBeNull();
    expect(store.conversations.get('resp_2', 0)).toBe(items('2'));
    expect(store.conversations.prune(0, 2)).toBe(1);
    expect(store.conversations.get('resp_2', 0)).toBeNull();
    expect(store.conversations.get('resp_4', 0)).toBe(items('4'));
  });
});
