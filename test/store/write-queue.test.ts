import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRecordFault, WriteQueue, type Batch, type WriteQueueOptions } from '../../src/store/write-queue.js';
import { attempt, request } from './fixtures.js';

const sqliteError = (code: string): Error => Object.assign(new Error(code.toLowerCase()), { code });
const entry = (id: string) => ({ request: request({ decisionId: id }), attempts: [] });
const ids = (b: Batch): string[] => b.entries.map((e) => e.request.decisionId);

describe('isRecordFault', () => {
  it.each([
    [sqliteError('SQLITE_CONSTRAINT_NOTNULL'), true],
    [sqliteError('SQLITE_CONSTRAINT_UNIQUE'), true],
    [sqliteError('SQLITE_MISMATCH'), true],
    [sqliteError('SQLITE_TOOBIG'), true],
    [new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null'), true],
    [new RangeError('Invalid time value'), true],
    [sqliteError('SQLITE_BUSY'), false],
    [sqliteError('SQLITE_LOCKED'), false],
    [sqliteError('SQLITE_IOERR_WRITE'), false],
    [sqliteError('SQLITE_FULL'), false],
    [sqliteError('SQLITE_READONLY'), false],
    [new Error('anything else'), false],
  ])('%s -> %s', (err, expected) => {
    expect(isRecordFault(err)).toBe(expected);
  });
});

describe('WriteQueue', () => {
  let writes: Batch[];
  let reports: string[];
  let fail: (b: Batch) => Error | null;
  const make = (over: Partial<WriteQueueOptions> = {}): WriteQueue =>
    new WriteQueue({
      flushIntervalMs: 50,
      maxBatch: 500,
      maxPending: 1000,
      write: (b) => {
        const err = fail(b);
        if (err) throw err;
        writes.push({
          entries: [...b.entries],
          state: new Map(b.state),
          ratings: new Map(b.ratings),
          conversations: new Map(b.conversations),
        });
      },
      report: (e) => reports.push(e.message),
      ...over,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    writes = [];
    reports = [];
    fail = () => null;
  });
  afterEach(() => vi.useRealTimers());

  it('writes entries, state and ratings of one interval in one call', () => {
    const q = make();
    q.enqueue(entry('a'));
    q.setState('k', '1');
    q.setState('k', '2');
    q.setRating({ decisionId: 'a', ts: 1, rating: 'good' });
    q.enqueue(entry('b'));
    vi.advanceTimersByTime(50);
    expect(writes).toHaveLength(1);
    expect(ids(writes[0] as Batch)).toEqual(['a', 'b']);
    expect([...(writes[0] as Batch).state]).toEqual([['k', '2']]);
    expect([...(writes[0] as Batch).ratings.keys()]).toEqual(['a']);
  });

  it('backs off while the database keeps failing, then resets', () => {
    const q = make();
    let calls = 0;
    fail = () => (++calls <= 3 ? sqliteError('SQLITE_BUSY') : null);
    q.enqueue(entry('a'));
    const callsAt = (ms: number): number => {
      vi.advanceTimersByTime(ms);
      return calls;
    };
    expect([callsAt(50), callsAt(99), callsAt(1), callsAt(200), callsAt(400)]).toEqual([1, 1, 2, 3, 4]);
    expect(ids(writes[0] as Batch)).toEqual(['a']);
    expect(reports).toEqual(['sqlite_busy', 'sqlite_busy', 'sqlite_busy']);
    q.enqueue(entry('b'));
    expect(callsAt(50)).toBe(5);
  });

  it('salvages record by record, keeping the rest when the database fails midway', () => {
    const q = make();
    let salvaging = false;
    fail = (b) => {
      if (b.entries.length > 1) return sqliteError('SQLITE_CONSTRAINT_NOTNULL');
      salvaging = true;
      const id = b.entries[0]?.request.decisionId;
      if (id === 'bad') return sqliteError('SQLITE_CONSTRAINT_NOTNULL');
      if (id === 'c') return sqliteError('SQLITE_BUSY');
      return null;
    };
    for (const id of ['a', 'bad', 'c', 'd']) q.enqueue(entry(id));
    q.flush();
    expect(salvaging).toBe(true);
    expect(writes.map(ids)).toEqual([['a']]);
    expect(q.entries().map((e) => e.request.decisionId)).toEqual(['c', 'd']);
    expect(reports).toEqual(['sqlite_constraint_notnull', 'sqlite_constraint_notnull', 'dropped ledger entry bad', 'sqlite_busy']);
  });

  it('drops the oldest tenth when the queue passes maxPending', () => {
    const q = make({ maxPending: 10 });
    fail = () => sqliteError('SQLITE_FULL');
    for (let i = 0; i < 11; i++) q.enqueue(entry(`e${i}`));
    expect(q.entries().map((e) => e.request.decisionId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10']);
    expect(reports).toEqual(['ledger write queue is full (maxPending 10): dropped the 1 oldest entries']);
  });

  it('tallies queued spend per provider/day until the entries are written or dropped', () => {
    const q = make({ maxPending: 2 });
    const spent = (): [string, string, number][] => [...q.queuedSpend()].map((d) => [d.provider, d.day, d.cost_nusd]);
    fail = () => sqliteError('SQLITE_BUSY');
    q.enqueue({ request: request({ decisionId: 'a' }), attempts: [attempt({ costUsd: 0.1 }), attempt({ seq: 2, costUsd: 0.2 })] });
    q.enqueue({ request: request({ decisionId: 'b' }), attempts: [attempt({ costUsd: 0.4, provider: 'anthropic' })] });
    expect(spent()).toEqual([
      ['openai', '2025-03-14', 300_000_000],
      ['anthropic', '2025-03-14', 400_000_000],
    ]);
    q.flush();
    expect(spent()).toEqual([
      ['openai', '2025-03-14', 300_000_000],
      ['anthropic', '2025-03-14', 400_000_000],
    ]);
    q.enqueue({ request: request({ decisionId: 'c' }), attempts: [attempt({ ts: Number.NaN, costUsd: 5 })] });
    expect(spent()).toEqual([['anthropic', '2025-03-14', 400_000_000]]);
    fail = () => null;
    q.flush();
    expect(spent()).toEqual([]);
  });

  it('a throwing reporter cannot break the timer', () => {
    const q = make({
      report: () => {
        throw new Error('logger down');
      },
    });
    fail = () => sqliteError('SQLITE_BUSY');
    q.enqueue(entry('a'));
    expect(() => vi.advanceTimersByTime(50)).not.toThrow();
    expect(q.entries()).toHaveLength(1);
  });

  it('after stop, nothing is scheduled and later writes are refused', () => {
    const q = make();
    q.enqueue(entry('a'));
    q.stop();
    vi.advanceTimersByTime(1000);
    expect(writes).toEqual([]);
    q.setState('k', '1');
    expect(q.stateOp('k')).toBeUndefined();
    expect(reports).toEqual(['state write after the store was closed: not written']);
  });
});
