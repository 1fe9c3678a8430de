import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { NOON, tempDbFile } from './fixtures.js';

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
let errors: Error[];
const reopen = (): void => {
  store.close();
  store = openStore(tmp.file, { flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
};
beforeEach(() => {
  tmp = tempDbFile();
  errors = [];
  store = openStore(tmp.file, { flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const values: [string, unknown][] = [
  ['activeRoute', 'coding'],
  ['cooldown:openai/gpt-4o', { until: NOON + 30_000, reason: 'rate_limit' }],
  ['breakers', { openai: { state: 'open', failures: [NOON, NOON + 1] } }],
  ['uvi.enabled', false],
  ['latency.ewma', 812.25],
  ['shadow', null],
];

describe('state', () => {
  it.each(values)('%s survives close and reopen', (key, value) => {
    store.state.set(key, value);
    expect(store.state.get(key)).toEqual(value);
    reopen();
    expect(store.state.get(key)).toEqual(value);
  });

  it('overwrites, deletes, and lists everything sorted by key', () => {
    for (const [k, v] of values) store.state.set(k, v);
    store.state.set('activeRoute', 'fast');
    store.state.delete('breakers');
    store.state.delete('never-set');
    const expected = {
      activeRoute: 'fast',
      'cooldown:openai/gpt-4o': { until: NOON + 30_000, reason: 'rate_limit' },
      'latency.ewma': 812.25,
      shadow: null,
      'uvi.enabled': false,
    };
    expect(store.state.all()).toEqual(expected);
    expect(Object.keys(store.state.all())).toEqual(Object.keys(expected).sort());
    reopen();
    expect(store.state.all()).toEqual(expected);
    expect(store.state.get('breakers')).toBeUndefined();
  });

  it('a delete queued over a stored value hides it before the flush', () => {
    store.state.set('k', 1);
    store.ledger.flush();
    store.state.delete('k');
    expect(store.state.get('k')).toBeUndefined();
    expect(store.state.all()).toEqual({});
  });

  it('returns copies, so mutating a result does not change the store', () => {
    store.state.set('obj', { n: 1 });
    const got = store.state.get<{ n: number }>('obj');
    if (got) got.n = 2;
    expect(store.state.get('obj')).toEqual({ n: 1 });
  });

  it('setting undefined is a delete', () => {
    store.state.set('k', 1);
    store.state.set('k', undefined);
    reopen();
    expect(store.state.get('k')).toBeUndefined();
  });

  it('reports a value JSON cannot hold instead of throwing', () => {
    expect(() => store.state.set('big', 10n)).not.toThrow();
    expect(store.state.get('big')).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual(['state.set(big): value is not JSON-serialisable: Do not know how to serialize a BigInt']);
  });
});

describe('ratings', () => {
  it('latest rating per decision wins and survives reopen', () => {
    store.ratings.set({ decisionId: 'd-1', ts: NOON, rating: 'bad', comment: 'wrong language' });
    store.ratings.set({ decisionId: 'd-1', ts: NOON + 1, rating: 'good' });
    expect(store.ratings.get('d-1')).toEqual({ decisionId: 'd-1', ts: NOON + 1, rating: 'good' });
    reopen();
    expect(store.ratings.get('d-1')).toEqual({ decisionId: 'd-1', ts: NOON + 1, rating: 'good' });
    expect(store.ratings.get('d-2')).toBeNull();
  });
});
