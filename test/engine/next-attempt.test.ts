import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../src/config/schema.js';
import type { NextStep, Tried } from '../../src/engine/next-attempt.js';
import { nextAttempt, stronger } from '../../src/engine/next-attempt.js';
import { target } from './config-fixture.js';

// small (8k, basic) -> mid (8k, standard) -> big (128k, strong) -> top (200k, premium) -> odd (nothing known)
const catalog: Record<string, ModelEntry> = {
  'p/small': { contextWindow: 8_192, tier: 'basic' },
  'p/mid': { contextWindow: 8_192, tier: 'standard' },
  'p/big': { contextWindow: 128_000, tier: 'strong' },
  'p/top': { contextWindow: 200_000, tier: 'premium' },
};
const plan = ['p/small', 'p/mid', 'p/big', 'p/top'].map((id) => target(id));
const withOdd = [target('p/odd'), ...plan];
const entryOf = (t: { id: string }) => catalog[t.id];

const failed = (
  index: number,
  errorClass: 'server' | 'context_length' | 'invalid_request' | 'client_closed' | 'rate_limit',
  retryable = errorClass === 'server' || errorClass === 'rate_limit',
): Tried => ({
  index,
  outcome: { kind: 'failed', errorClass, retryable },
});
const held = (index: number): Tried => ({ index, outcome: { kind: 'held', reason: 'answer contains the marker "ESC"' } });
const tryIt = (index: number, mayEscalate = false, notes: string[] = []): NextStep => ({ kind: 'try', index, mayEscalate, notes });
const stop = (why: string, notes: string[] = []): NextStep => ({ kind: 'stop', why, notes }) as NextStep;

describe('nextAttempt', () => {
  it.each<[string, Tried[], boolean, NextStep]>([
    ['first target first', [], false, tryIt(0)],
    ['a retryable failure moves on', [failed(0, 'server')], false, tryIt(1)],
    ['an answer ends the request', [{ index: 0, outcome: { kind: 'answered' } }], false, stop('answered')],
    ['a client that went away ends it', [failed(0, 'client_closed')], false, stop('client_closed')],
    [
      'a non-retryable failure stops, and says so',
      [failed(0, 'invalid_request')],
      false,
      stop('not_retryable', ['stopped after p/small: invalid_request does not fail over']),
    ],
    ['a non-retryable failure of the last target stops quietly', [failed(3, 'invalid_request')], false, stop('not_retryable')],
    [
      'a request no target can take is refused at once',
      [{ index: 0, outcome: { kind: 'refused', reason: 'n > 1' } }],
      false,
      stop('refused', ["refused before sending to p/small: n > 1 (the request's fault; no other target tried)"]),
    ],
    [
      'all tried: exhausted',
      [failed(0, 'server'), failed(1, 'server'), failed(2, 'server'), failed(3, 'server')],
      false,
      stop('exhausted'),
    ],
    [
      'after an overflow, equal windows are skipped',
      [failed(0, 'context_length', false)],
      false,
      tryIt(2, false, ['skipped p/mid: context window 8192 ≤ 8192 needed (p/small overflowed)']),
    ],
    ['the largest overflow counts', [failed(0, 'context_length', false), failed(2, 'context_length', false)], false, tryIt(3)],
    ['escalation: a stronger target follows', [], true, tryIt(0, true)],
    [
      'escalation: nothing stronger follows the last',
      [failed(0, 'server'), failed(1, 'server'), failed(2, 'server')],
      true,
      tryIt(3, false),
    ],
    [
      'a held answer: only stronger targets, with notes',
      [held(1)],
      true,
      tryIt(2, true, ['escalated from p/mid: answer contains the marker "ESC"']),
    ],
    ['a held answer skips targets that are not stronger', [held(2), failed(3, 'server')], true, stop('exhausted')],
    [
      'a held answer then a non-retryable failure stops (the held answer goes back)',
      [held(0), failed(1, 'invalid_request')],
      true,
      stop('not_retryable', ['stopped after p/mid: invalid_request does not fail over']),
    ],
  ])('%s', (_name, tried, escalation, expected) => {
    expect(nextAttempt({ attempts: plan, tried, entryOf, escalation })).toEqual(expected);
  });

  it('a held answer passes over weaker and equal tiers, naming them', () => {
    const attempts = ['p/big', 'p/small', 'p/mid', 'p/top'].map((id) => target(id));
    expect(nextAttempt({ attempts, tried: [held(0)], entryOf, escalation: true })).toEqual(
      tryIt(3, false, [
        'escalated from p/big: answer contains the marker "ESC"',
        'skipped p/small: not stronger than held p/big (tier basic, held strong)',
        'skipped p/mid: not stronger than held p/big (tier standard, held strong)',
      ]),
    );
  });

  it('after an overflow of an unknown window, no window is known to be larger', () => {
    const why = 'p/odd overflowed and its window is unknown, so no window is known to be larger';
    expect(nextAttempt({ attempts: withOdd, tried: [failed(0, 'context_length', false)], entryOf, escalation: false })).toEqual(
      stop(
        'exhausted',
        plan.map((t) => `skipped ${t.id}: ${why}`),
      ),
    );
  });

  it('an unknown window after a known overflow is skipped', () => {
    const attempts = [target('p/small'), target('p/odd'), target('p/big')];
    expect(nextAttempt({ attempts, tried: [failed(0, 'context_length', false)], entryOf, escalation: false })).toEqual(
      tryIt(2, false, ['skipped p/odd: context window unknown, more than 8192 needed (p/small overflowed)']),
    );
  });
});

describe('stronger', () => {
  it.each<[ModelEntry | undefined, ModelEntry | undefined, boolean]>([
    [{ tier: 'premium' }, { tier: 'strong' }, true],
    [{ tier: 'strong' }, { tier: 'strong' }, false],
    [{ tier: 'basic' }, { tier: 'standard' }, false],
    [undefined, { tier: 'premium' }, true],
    [{ tier: 'basic' }, {}, true],
  ])('%j over %j: %s', (a, b, expected) => {
    expect(stronger(a, b)).toBe(expected);
  });
});
