import { describe, expect, it } from 'vitest';
import type { Tried } from '../../src/engine/next-attempt.js';
import { nextAttempt } from '../../src/engine/next-attempt.js';
import { sameTargetRetry, type FailureFacts, type RetryVerdict } from '../../src/engine/same-target-retry.js';
import { target } from './config-fixture.js';

const policy = { attempts: 3, maxWaitSeconds: 5, backoffMs: 200 };
const mid = () => 0.5;

describe('sameTargetRetry', () => {
  it.each<[string, FailureFacts, number, boolean, RetryVerdict]>([
    [
      '503 without a hint: backoff with jitter',
      { errorClass: 'server', status: 503 },
      1,
      true,
      { retry: true, afterMs: 150, note: '503: retry after 150 ms backoff (try 2 of 3)' },
    ],
    [
      'the backoff doubles',
      { errorClass: 'server', status: 500 },
      2,
      true,
      { retry: true, afterMs: 300, note: '500: retry after 300 ms backoff (try 3 of 3)' },
    ],
    ['never more than the attempts', { errorClass: 'server', status: 500 }, 3, true, { retry: false }],
    [
      'a reset before headers',
      { errorClass: 'connect', network: 'reset' },
      1,
      true,
      { retry: true, afterMs: 150, note: 'reset: retry after 150 ms backoff (try 2 of 3)' },
    ],
    ['connection refused is not fast to fix', { errorClass: 'connect', network: 'connect' }, 1, true, { retry: false }],
    [
      'a timeout never',
      { errorClass: 'timeout', network: 'timeout' },
      1,
      true,
      { retry: false, note: 'timed out: not retried on the same target' },
    ],
    ['a 408 never', { errorClass: 'timeout', status: 408 }, 1, true, { retry: false, note: 'timed out: not retried on the same target' }],
    ['a 4xx never', { errorClass: 'invalid_request', status: 400 }, 1, false, { retry: false }],
    ['auth never', { errorClass: 'auth', status: 401 }, 1, true, { retry: false }],
    [
      '429 with a short hint waits for it',
      { errorClass: 'rate_limit', status: 429, retryAfterMs: 2000 },
      1,
      true,
      { retry: true, afterMs: 2000, note: "429: retry after the upstream's hint, 2000 ms (try 2 of 3)" },
    ],
    [
      '429 with a long hint moves on',
      { errorClass: 'rate_limit', status: 429, retryAfterMs: 30_000 },
      1,
      true,
      { retry: false, note: '429 asks to wait 30000 ms, more than retry.maxWaitSeconds (5)' },
    ],
    [
      '429 without a hint moves on when another target is left',
      { errorClass: 'rate_limit', status: 429 },
      1,
      true,
      { retry: false, note: '429 without a retry hint: backing off this target and moving on' },
    ],
    [
      '429 without a hint and nothing else: jittered backoff',
      { errorClass: 'rate_limit', status: 429 },
      1,
      false,
      { retry: true, afterMs: 150, note: '429: retry after 150 ms backoff (try 2 of 3)' },
    ],
  ])('%s', (_name, facts, tries, othersLeft, expected) => {
    expect(sameTargetRetry(facts, tries, policy, othersLeft, mid)).toEqual(expected);
  });

  it('jitter comes from the injected source and stays within [half, full] of the base', () => {
    const low = sameTargetRetry({ errorClass: 'server', status: 503 }, 1, policy, true, () => 0);
    const high = sameTargetRetry({ errorClass: 'server', status: 503 }, 1, policy, true, () => 0.999);
    expect(low).toMatchObject({ retry: true, afterMs: 100 });
    expect(high).toMatchObject({ retry: true, afterMs: 200 });
  });

  it('never a tight loop: a zero backoff still waits', () => {
    expect(sameTargetRetry({ errorClass: 'server', status: 503 }, 1, { ...policy, backoffMs: 0 }, true, mid)).toMatchObject({
      retry: true,
      afterMs: 50,
    });
  });

  it('the wait is capped by maxWaitSeconds', () => {
    expect(
      sameTargetRetry({ errorClass: 'server', status: 503 }, 2, { attempts: 5, maxWaitSeconds: 0.1, backoffMs: 1000 }, true, mid),
    ).toMatchObject({ retry: true, afterMs: 100 });
  });
});

describe('nextAttempt with retries', () => {
  const plan = [target('p/a'), target('q/b')];
  const retryOf = () => ({ attempts: 2, maxWaitSeconds: 5, backoffMs: 200 });
  const fail503: Tried = { index: 0, outcome: { kind: 'failed', errorClass: 'server', retryable: true, status: 503 } };

  it('a 503 retries the same target after the backoff, with a note', () => {
    expect(nextAttempt({ attempts: plan, tried: [fail503], entryOf: () => undefined, escalation: false, retryOf, random: mid })).toEqual({
      kind: 'retry',
      index: 0,
      afterMs: 150,
      notes: ['p/a: 503: retry after 150 ms backoff (try 2 of 2)'],
    });
  });

  it('once the attempts are spent it moves on', () => {
    expect(
      nextAttempt({ attempts: plan, tried: [fail503, fail503], entryOf: () => undefined, escalation: false, retryOf, random: mid }),
    ).toEqual({ kind: 'try', index: 1, mayEscalate: false, notes: [] });
  });

  it('a timeout moves on at once and says why', () => {
    const timedOut: Tried = { index: 0, outcome: { kind: 'failed', errorClass: 'timeout', retryable: true, network: 'timeout' } };
    expect(nextAttempt({ attempts: plan, tried: [timedOut], entryOf: () => undefined, escalation: false, retryOf, random: mid })).toEqual({
      kind: 'try',
      index: 1,
      mayEscalate: false,
      notes: ['p/a: timed out: not retried on the same target'],
    });
  });

  it('without a policy nothing is retried in place', () => {
    expect(nextAttempt({ attempts: plan, tried: [fail503], entryOf: () => undefined, escalation: false })).toEqual({
      kind: 'try',
      index: 1,
      mayEscalate: false,
      notes: [],
    });
  });
});
