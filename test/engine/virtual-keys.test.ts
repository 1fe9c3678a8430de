import { describe, expect, it } from 'vitest';
import { providerGate, queueDeadline } from '../../src/engine/provider-gate.js';
import { retryAfterSeconds, windowAt, windowRefuses } from '../../src/engine/rate-window.js';
import {
  budgetAdmits,
  budgetPeriodKey,
  budgetRefusal,
  isVirtualKey,
  maskedKey,
  presentedSecret,
  rateRefusal,
  reservationUsd,
  routeRefusal,
  type KeyPolicy,
} from '../../src/engine/virtual-keys.js';

const T = Date.UTC(2026, 11, 6, 9, 30, 12, 250); // 09:30:12.250 UTC
const key = (over: Partial<KeyPolicy> = {}): KeyPolicy => ({ name: 'alice', budgetPeriod: 'daily', ...over });

describe('presented secrets', () => {
  it.each([
    [{ authorization: 'Bearer sk-router-abc' }, 'sk-router-abc'],
    [{ authorization: 'bearer  sk-router-abc ' }, 'sk-router-abc'],
    [{ 'x-api-key': 'sk-router-abc' }, 'sk-router-abc'],
    [{ authorization: 'Basic Zm9v', 'x-api-key': 'k2' }, 'k2'],
    [{ authorization: 'Bearer ' }, undefined],
    [{}, undefined],
  ])('%j -> %s', (headers, expected) => {
    expect(presentedSecret(headers)).toBe(expected);
  });

  it.each([
    ['sk-router-x', true],
    ['sk-router-', false],
    ['sk-proj-abc', false],
  ])('isVirtualKey(%s) = %s', (s, v) => expect(isVirtualKey(s)).toBe(v));

  it('masks to the last four characters', () => expect(maskedKey('WXyz')).toBe('sk-…WXyz'));
});

describe('refusals', () => {
  it.each([
    [undefined, 'main', false],
    [['main'], 'main', false],
    [['main'], 'other', true],
    [['main'], null, true],
    [[], 'main', true],
  ] as const)('routes %j, request to %s: refused %s', (routes, route, refused) => {
    const r = routeRefusal(key({ routes: routes ? [...routes] : undefined }), route);
    expect(r !== undefined).toBe(refused);
    if (r) expect(r).toMatchObject({ status: 403, type: 'permission_error' });
  });

  it.each([
    [1, 0, 0, true],
    [1, 0.5, 0.49, true],
    [1, 0.5, 0.5, false],
    [1, 1, 0, false],
    [0, 0, 0, false],
  ])('budget %d, spent %d, reserved %d: admits %s', (budget, spent, reserved, admits) => {
    expect(budgetAdmits(budget, spent, reserved)).toBe(admits);
  });

  it('402 and 429 carry the client-facing type, and 429 its retry-after', () => {
    expect(budgetRefusal(key({ budgetUsd: 1 }), 1.25)).toMatchObject({ status: 402, type: 'billing_error', code: 'budget_exceeded' });
    expect(rateRefusal(key({ rpm: 60 }), 'rpm', 48)).toMatchObject({ status: 429, type: 'rate_limit_error', retryAfterSec: 48 });
  });

  it.each([
    ['daily', '2026-12-06'],
    ['monthly', '2026-12'],
  ] as const)('%s budgets count in %s', (period, expected) => expect(budgetPeriodKey(period, T)).toBe(expected));

  it.each([
    [1000, 100, [{ input: 1, output: 2 }], (1000 * 1 + 100 * 2) / 1e6],
    [1000, undefined, [{ input: 1, output: 2 }], (1000 + 4096 * 2) / 1e6],
    [1000, 100, [undefined, { input: 1, output: 2 }, { input: 3, output: 10 }], (3000 + 1000) / 1e6],
    [1000, 100, [undefined], 0],
  ])('reservation of %d in / %s out over %j', (input, output, prices, usd) => {
    expect(reservationUsd(input, output, prices)).toBeCloseTo(usd, 12);
  });
});

describe('fixed minute windows', () => {
  it('align to the epoch minute and say how long until they end', () => {
    expect(windowAt(T)).toEqual({ start: Date.UTC(2026, 11, 6, 9, 30), end: Date.UTC(2026, 11, 6, 9, 31) });
    expect(retryAfterSeconds(T)).toBe(48);
    expect(retryAfterSeconds(Date.UTC(2026, 11, 6, 9, 30, 59, 999))).toBe(1);
    expect(retryAfterSeconds(Date.UTC(2026, 11, 6, 9, 30))).toBe(60);
  });

  it.each([
    [{ requests: 59, tokens: 0 }, { rpm: 60 }, undefined],
    [{ requests: 60, tokens: 0 }, { rpm: 60 }, 'rpm'],
    [{ requests: 0, tokens: 999 }, { tpm: 1000 }, undefined],
    [{ requests: 0, tokens: 1000 }, { tpm: 1000 }, 'tpm'],
    [{ requests: 60, tokens: 1000 }, { rpm: 60, tpm: 1000 }, 'rpm'],
    [{ requests: 1e6, tokens: 1e9 }, {}, undefined],
  ])('%j under %j: refused by %s', (use, limits, which) => expect(windowRefuses(use, limits)).toBe(which));
});

describe('provider gate', () => {
  const end = windowAt(T).end;
  it.each([
    ['under every limit', { requests: 1, tokens: 10, inFlight: 1 }, { rpm: 10, concurrency: 2 }, end + 1, 'go'],
    ['rpm full, window ends before the deadline: wait', { requests: 10, tokens: 0, inFlight: 0 }, { rpm: 10 }, end, 'wait'],
    ['rpm full, window ends after the deadline: fail over now', { requests: 10, tokens: 0, inFlight: 0 }, { rpm: 10 }, end - 1, 'skip'],
    ['tpm full past the deadline', { requests: 0, tokens: 500, inFlight: 0 }, { tpm: 500 }, T + 5000, 'skip'],
    ['concurrency full, time left: wait', { requests: 0, tokens: 0, inFlight: 2 }, { concurrency: 2 }, T + 100, 'wait'],
    ['concurrency full, deadline reached', { requests: 0, tokens: 0, inFlight: 2 }, { concurrency: 2 }, T, 'skip'],
  ])('%s', (_name, use, limits, latestStart, kind) => {
    expect(providerGate(use, limits, T, latestStart).kind).toBe(kind);
  });

  it('waits on a full window until its end, on a full slot until the deadline', () => {
    expect(providerGate({ requests: 10, tokens: 0, inFlight: 0 }, { rpm: 10 }, T, end + 5)).toMatchObject({ until: end });
    expect(providerGate({ requests: 0, tokens: 0, inFlight: 1 }, { concurrency: 1 }, T, T + 300)).toMatchObject({ until: T + 300 });
  });

  it.each([
    [5000, 120_000, 5000],
    [5000, 2000, 2000],
    [0, 2000, 0],
  ])('queue %d ms within a first-token budget of %d ms: %d ms', (queue, budget, ms) => {
    expect(queueDeadline(T, queue, budget) - T).toBe(ms);
  });
});
