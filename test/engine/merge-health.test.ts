import { describe, expect, it } from 'vitest';
import { closedBreaker } from '../../src/engine/breaker.js';
import { mergeHealth } from '../../src/engine/merge-health.js';
import { initialState, type Breaker, type RouterState } from '../../src/engine/types.js';

const NOW = 1_700_000_000_000;
const open = (until: number): Breaker => ({ state: 'open', failures: [], openUntil: until, openCount: 1 });
const closedWith = (n: number): Breaker => ({ ...closedBreaker(), failures: Array.from({ length: n }, (_, i) => NOW - i) });
const state = (over: Partial<RouterState>): RouterState => ({ ...initialState(), ...over });

describe('mergeHealth (a cluster resync): the stricter view wins', () => {
  it('takes a cooldown we lack, or one that lasts longer; never an expired one', () => {
    const mine = state({ cooldowns: { 'a/x': { until: NOW + 5_000, reason: 'server' } } });
    const merged = mergeHealth(
      mine,
      {
        'a/x': { until: NOW + 9_000, reason: 'rate_limit' },
        b: { until: NOW + 1_000, reason: 'auth' },
        'c/y': { until: NOW - 1, reason: 'server' },
      },
      {},
      NOW,
    );
    expect(merged.cooldowns).toEqual({ 'a/x': { until: NOW + 9_000, reason: 'rate_limit' }, b: { until: NOW + 1_000, reason: 'auth' } });
  });

  it.each<[string, Breaker | undefined, Breaker, 'theirs' | 'mine']>([
    ['none here', undefined, closedWith(1), 'theirs'],
    ['open beats closed', closedWith(2), open(NOW + 1000), 'theirs'],
    ['closed loses to half-open', closedWith(4), { state: 'half-open', failures: [], openCount: 1, probeInFlight: true }, 'theirs'],
    ['open here stays', open(NOW + 1000), closedWith(3), 'mine'],
    ['the later open wins', open(NOW + 1000), open(NOW + 5000), 'theirs'],
    ['the earlier open loses', open(NOW + 5000), open(NOW + 1000), 'mine'],
    ['more failures in the window win', closedWith(1), closedWith(3), 'theirs'],
    ['fewer failures lose', closedWith(3), closedWith(1), 'mine'],
  ])('breakers: %s', (_name, mine, theirs, winner) => {
    const s = state({ breakers: mine ? { 'a/x': mine } : {} });
    const merged = mergeHealth(s, {}, { 'a/x': theirs }, NOW);
    expect(merged.breakers['a/x']).toBe(winner === 'theirs' ? theirs : mine);
    if (winner === 'mine') expect(merged).toBe(s);
  });

  it('returns the same state when the other view adds nothing', () => {
    const s = state({ cooldowns: { 'a/x': { until: NOW + 5_000, reason: 'server' } }, breakers: { 'a/x': open(NOW + 9000) } });
    expect(mergeHealth(s, { 'a/x': { until: NOW + 1_000, reason: 'server' } }, { 'a/x': closedWith(2) }, NOW)).toBe(s);
  });
});
