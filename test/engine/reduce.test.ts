import { describe, expect, it } from 'vitest';
import { isAvailable, prune, reduce } from '../../src/engine/reduce.js';
import type { ErrorClass, RouterState, StateEvent } from '../../src/engine/types.js';
import { initialState } from '../../src/engine/types.js';
import { makeConfig, target } from './config-fixture.js';

const config = makeConfig({
  routes: { main: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'] },
  cooldowns: { rateLimitSeconds: 30, serverErrorSeconds: 15, timeoutSeconds: 10, authSeconds: 3600, maxSeconds: 600 },
  circuit: { failures: 3, windowSeconds: 60, openSeconds: 30 },
});
const T0 = 1_700_000_000_000;
const gpt = target('openai/gpt-4o');

function run(events: [number, StateEvent][], start: RouterState = initialState()): RouterState {
  return events.reduce((s, [at, e]) => reduce(s, e, config, T0 + at), start);
}
const fail = (errorClass: ErrorClass, retryAfterMs?: number): StateEvent => ({
  type: 'attempt.failed',
  target: gpt.id,
  errorClass,
  retryAfterMs,
});

describe('cooldowns', () => {
  it.each<[ErrorClass, number | undefined, string, number | undefined]>([
    ['rate_limit', undefined, 'openai/gpt-4o', 30_000],
    ['rate_limit', 5_000, 'openai/gpt-4o', 5_000],
    ['rate_limit', 9_999_999, 'openai/gpt-4o', 600_000],
    ['server', undefined, 'openai/gpt-4o', 15_000],
    ['overloaded', undefined, 'openai/gpt-4o', 15_000],
    ['stream_broken', undefined, 'openai/gpt-4o', 15_000],
    ['timeout', undefined, 'openai/gpt-4o', 10_000],
    ['connect', undefined, 'openai/gpt-4o', 10_000],
    ['auth', undefined, 'openai', 600_000],
    ['billing', undefined, 'openai', 600_000],
    ['invalid_request', undefined, 'openai/gpt-4o', undefined],
    ['context_length', undefined, 'openai/gpt-4o', undefined],
    ['not_found', undefined, 'openai/gpt-4o', undefined],
    ['client_closed', undefined, 'openai/gpt-4o', undefined],
  ])('%s (retry-after %j) cools down %s for %j ms', (errorClass, retryAfter, key, ms) => {
    const s = run([[0, fail(errorClass, retryAfter)]]);
    expect(s.cooldowns[key]?.until).toBe(ms === undefined ? undefined : T0 + ms);
    if (ms !== undefined) expect(s.cooldowns[key]?.reason).toBe(errorClass);
  });

  it('neutral classes neither cool down nor count for the breaker', () => {
    const s = run([
      [0, fail('invalid_request')],
      [1, fail('not_found')],
      [2, fail('context_length')],
      [3, fail('client_closed')],
    ]);
    expect(s.breakers).toEqual({});
    expect(s.cooldowns).toEqual({});
  });

  it('a shorter hint does not shorten a longer cooldown', () => {
    const s = run([
      [0, fail('rate_limit', 60_000)],
      [1000, fail('rate_limit', 1_000)],
    ]);
    expect(s.cooldowns[gpt.id]).toEqual({ until: T0 + 60_000, reason: 'rate_limit' });
  });

  it('availability follows target and provider cooldowns, and expiry needs no pruning', () => {
    const s = run([[0, fail('rate_limit', 5_000)]]);
    expect(isAvailable(s, gpt, T0 + 4_999).ok).toBe(false);
    expect(isAvailable(s, gpt, T0 + 5_000)).toEqual({ ok: true });
    const auth = run([[0, fail('auth')]]);
    expect(isAvailable(auth, target('openai/gpt-4o-mini'), T0 + 1).why).toBe(
      'provider openai cooling down after auth until 2023-11-14T22:23:20.000Z',
    );
    expect(isAvailable(auth, target('anthropic/claude-sonnet-4-5'), T0 + 1).ok).toBe(true);
  });

  it('success ends the target cooldown but not a provider-wide one', () => {
    const s = run([
      [0, fail('rate_limit')],
      [1, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 100 }],
    ]);
    expect(s.cooldowns[gpt.id]).toBeUndefined();
    const a = run([
      [0, fail('auth')],
      [1, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 100 }],
    ]);
    expect(a.cooldowns.openai).toBeDefined();
  });
});

describe('breaker', () => {
  const opened = run([
    [0, fail('server')],
    [1000, fail('server')],
    [2000, fail('server')],
  ]);

  it('opens after `failures` failures inside the window', () => {
    expect(opened.breakers[gpt.id]).toEqual({ state: 'open', failures: [], openUntil: T0 + 2000 + 30_000, openCount: 1 });
    expect(isAvailable(opened, gpt, T0 + 31_999).why).toMatch(/^circuit open until/);
  });

  it('does not open when the failures are spread beyond the window', () => {
    const s = run([
      [0, fail('server')],
      [61_000, fail('server')],
      [122_000, fail('server')],
    ]);
    expect(s.breakers[gpt.id]?.state).toBe('closed');
    expect(s.breakers[gpt.id]?.failures).toEqual([T0 + 122_000]);
  });

  it('admits exactly one probe once the open time is over', () => {
    expect(isAvailable(opened, gpt, T0 + 32_000).ok).toBe(true);
    const probing = reduce(opened, { type: 'attempt.started', target: gpt.id }, config, T0 + 32_000);
    expect(probing.breakers[gpt.id]?.state).toBe('half-open');
    expect(isAvailable(probing, gpt, T0 + 32_001)).toEqual({ ok: false, why: 'circuit half-open, probe in flight' });
    // A second start while the probe runs changes nothing.
    expect(reduce(probing, { type: 'attempt.started', target: gpt.id }, config, T0 + 32_002)).toBe(probing);
  });

  it('a successful probe closes the circuit and resets the backoff', () => {
    const s = run(
      [
        [32_000, { type: 'attempt.started', target: gpt.id }],
        [32_500, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 500 }],
      ],
      opened,
    );
    expect(s.breakers[gpt.id]).toEqual({ state: 'closed', failures: [], openCount: 0 });
  });

  it.each<[number, number]>([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [4, 240_000],
  ])('failed probe number %i re-opens for %i ms (backoff capped at 8x)', (probes, ms) => {
    let s = opened;
    let at = 32_000;
    for (let i = 0; i < probes; i++) {
      s = run(
        [
          [at, { type: 'attempt.started', target: gpt.id }],
          [at, fail('timeout')],
        ],
        s,
      );
      if (i < probes - 1) at = (s.breakers[gpt.id]?.openUntil ?? 0) - T0;
    }
    expect(s.breakers[gpt.id]?.state).toBe('open');
    expect(s.breakers[gpt.id]?.openUntil).toBe(T0 + at + ms);
  });

  it('a probe cut short by the client frees the slot for the next request', () => {
    const s = run(
      [
        [32_000, { type: 'attempt.started', target: gpt.id }],
        [32_100, fail('client_closed')],
      ],
      opened,
    );
    expect(isAvailable(s, gpt, T0 + 32_200).ok).toBe(true);
  });

  it('a lost probe stops blocking after the provider timeout', () => {
    const s = run([[32_000, { type: 'attempt.started', target: gpt.id }]], opened);
    expect(isAvailable(s, gpt, T0 + 32_000 + 599_999).ok).toBe(false);
    expect(isAvailable(s, gpt, T0 + 32_000 + 600_000).ok).toBe(true);
  });

  it('late failures of requests already in flight do not extend an open circuit', () => {
    expect(reduce(opened, fail('server'), config, T0 + 5000).breakers[gpt.id]).toBe(opened.breakers[gpt.id]);
  });
});

describe('other events', () => {
  it('latency EWMA: first sample sets it, later ones move it by 20%', () => {
    const s = run([
      [0, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 1000 }],
      [1, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 2000, ttftMs: 300 }],
      [2, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 1000, ttftMs: 400 }],
    ]);
    expect(s.latency[gpt.id]).toEqual({ ewmaMs: 1160, ttftEwmaMs: 320, samples: 3 });
  });

  it('circuit.reset with a provider clears only that provider', () => {
    const claude = 'anthropic/claude-sonnet-4-5';
    const s = run([
      [0, fail('auth')],
      [0, { type: 'attempt.failed', target: claude, errorClass: 'server' }],
      [1, { type: 'circuit.reset', provider: 'openai' }],
    ]);
    expect(Object.keys(s.cooldowns)).toEqual([claude]);
    expect(Object.keys(s.breakers)).toEqual([claude]);
    expect(run([[2, { type: 'circuit.reset' }]], s).breakers).toEqual({});
  });

  it('state.reset keeps flags and the active route', () => {
    const s = run([
      [0, { type: 'route.switched', route: 'main' }],
      [0, { type: 'flags.set', shadow: true, uviHard: true }],
      [0, fail('server')],
      [0, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 5 }],
      [1, { type: 'state.reset' }],
    ]);
    expect(s).toEqual({ ...initialState(), activeRoute: 'main', shadow: true, uviHard: true });
  });

  it('never mutates its input', () => {
    const before = run([[0, fail('server')]]);
    const snapshot = JSON.stringify(before);
    run(
      [
        [1, fail('server')],
        [2, fail('server')],
        [3, { type: 'attempt.succeeded', target: gpt.id, latencyMs: 9 }],
        [4, { type: 'state.reset' }],
      ],
      before,
    );
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('isAvailable never mutates state', () => {
    const s = run([
      [0, fail('server')],
      [1, fail('server')],
      [2, fail('server')],
    ]);
    const snapshot = JSON.stringify(s);
    isAvailable(s, gpt, T0 + 100_000);
    expect(JSON.stringify(s)).toBe(snapshot);
  });
});

describe('prune', () => {
  it('drops expired cooldowns and quiet closed breakers, keeps the rest', () => {
    const s = run([
      [0, fail('rate_limit', 1000)],
      [0, fail('auth')],
    ]);
    const pruned = prune(s, T0 + 70_000, config);
    expect(Object.keys(pruned.cooldowns)).toEqual(['openai']);
    expect(pruned.breakers).toEqual({});
    expect(prune(pruned, T0 + 70_000, config)).toBe(pruned);
  });
});
