// `events.history` reads the ledger in pages: an index seek on (ts, rowid) from a cursor, so every
// row comes exactly once (ties on ts included) and no page costs more than its own rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { attempt, NOON, request, tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
const N = 257;

beforeAll(() => {
  tmp = tempDbFile();
  store = openStore(tmp.file);
  // Three requests share each timestamp: the cursor must split ties without a skip or a repeat.
  for (let i = 0; i < N; i++) {
    const id = `d-${i}`;
    store.ledger.enqueue(request({ decisionId: id, ts: NOON + Math.floor(i / 3) }), [
      attempt({ decisionId: id, ts: NOON + Math.floor(i / 3) }),
    ]);
  }
  store.ledger.flush();
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

function allPages(sinceMs: number, limit: number): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const page = store.stats.entriesPage(sinceMs, limit, after);
    pages++;
    ids.push(...page.entries.map((e) => e.request.decisionId));
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    if (page.next === null) return { ids, pages };
    after = page.next;
  }
}

describe('ledger history pages', () => {
  it.each([1, 2, 3, 50, 256, 257, 1000])('pages of %i hold every request exactly once, oldest first', (limit) => {
    const { ids, pages } = allPages(NOON, limit);
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => `d-${i}`));
    expect(pages).toBe(Math.max(1, Math.ceil(N / limit)));
  });

  it('starts at sinceMs and carries the attempts', () => {
    const page = store.stats.entriesPage(NOON + 10, 4);
    expect(page.entries.map((e) => e.request.decisionId)).toEqual(['d-30', 'd-31', 'd-32', 'd-33']);
    expect(page.entries[0]!.attempts).toHaveLength(1);
    expect(page.next).not.toBeNull();
  });

  it('a row written after a page was read comes on a later page, not lost', () => {
    const first = store.stats.entriesPage(NOON, N);
    expect(first.next).toBeNull();
    store.ledger.enqueue(request({ decisionId: 'late', ts: NOON + 1000 }), [attempt({ decisionId: 'late' })]);
    const tail = store.stats.entriesPage(NOON, 2, `${first.entries.at(-1)!.request.ts}:${N}`);
    expect(tail.entries.map((e) => e.request.decisionId)).toEqual(['late']);
  });
});
