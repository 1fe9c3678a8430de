// The pure parts of src/daemon/cluster/: which state events travel, how the others' spend is summed,
// what status may show of the Redis URL, and the reconnect backoff. No Redis needed.
import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/engine/reduce.js';
import { initialState, type RouterState, type StateEvent } from '../../src/engine/types.js';
import { reconnectDelay, redactRedisUrl } from '../../src/daemon/cluster/link.js';
import { othersByProvider } from '../../src/daemon/cluster/spend-share.js';
import { isShared } from '../../src/daemon/cluster/state-share.js';
import { makeConfig } from '../engine/config-fixture.js';

const config = makeConfig({ routes: { main: ['openai/gpt-4o'] } });
const NOW = 1_700_000_000_000;
const after = (s: RouterState, e: StateEvent) => reduce(s, e, config, NOW);

describe('isShared: the events other daemons must see', () => {
  const fresh = initialState();
  const failed = after(fresh, { type: 'attempt.failed', target: 'openai/gpt-4o', errorClass: 'server' });
  it.each<[string, RouterState, StateEvent, boolean]>([
    ['a failure that sets a cooldown', fresh, { type: 'attempt.failed', target: 'openai/gpt-4o', errorClass: 'server' }, true],
    ['a neutral failure (bad request)', fresh, { type: 'attempt.failed', target: 'openai/gpt-4o', errorClass: 'invalid_request' }, false],
    [
      'a success on a healthy target (every request: never sent)',
      fresh,
      { type: 'attempt.succeeded', target: 'openai/gpt-4o', latencyMs: 5 },
      false,
    ],
    ['a success that ends a cooldown', failed, { type: 'attempt.succeeded', target: 'openai/gpt-4o', latencyMs: 5 }, true],
    ['a start on a closed breaker', failed, { type: 'attempt.started', target: 'openai/gpt-4o' }, false],
    ['router switch', fresh, { type: 'route.switched', route: 'main' }, true],
    ['circuit reset', failed, { type: 'circuit.reset' }, true],
    ['state reset', failed, { type: 'state.reset' }, true],
    ['budgets (each daemon computes its own)', fresh, { type: 'budgets.set', budgets: {} }, false],
  ])('%s: %s', (_name, before, event, shared) => {
    expect(isShared(event, before, after(before, event))).toBe(shared);
  });
});

describe('othersByProvider', () => {
  it('sums the other daemons per provider and leaves out our own field and junk', () => {
    const hash = { 'd1|openai': '100', 'd2|openai': '250', 'd2|anthropic': '7', 'me|openai': '999', junk: '5', 'd3|x': 'NaN' };
    expect(Object.fromEntries(othersByProvider(hash, 'me'))).toEqual({ openai: 350, anthropic: 7 });
  });
});

describe('redactRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['redis://:s3cret@host:6379/1', 'redis://:***@host:6379/1'],
    ['rediss://user:s3cret@host:6380', 'rediss://user:***@host:6380'],
    ['redis://tokenonly@host', 'redis://***@host'],
  ])('%s -> %s', (url, shown) => {
    expect(redactRedisUrl(url)).toBe(shown);
  });
});

describe('reconnectDelay', () => {
  it('doubles from 100 ms, never above 5 s, with jitter in the upper half', () => {
    expect(reconnectDelay(0, () => 0)).toBe(50);
    expect(reconnectDelay(0, () => 1)).toBe(100);
    expect(reconnectDelay(3, () => 1)).toBe(800);
    expect(reconnectDelay(10, () => 1)).toBe(5000);
    expect(reconnectDelay(1000, () => 0)).toBe(2500);
  });
});
