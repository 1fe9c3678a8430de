import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../src/config/schema.js';
import { auditBudget, describeCheck, formatUsd, projectedRequestUsd, utcDay, utcMonth } from '../../src/engine/budget.js';
import { costUsd } from '../../src/engine/cost.js';
import type { BudgetStat } from '../../src/engine/types.js';
import { usageFromGemini, usageFromOpenAi } from '../../src/wire/usage.js';
import { makeConfig, target } from './config-fixture.js';

/** 2025-03-14T12:00:00Z */
const NOW = Date.UTC(2025, 2, 14, 12);
const DAY = 86_400_000;

function stat(over: Partial<BudgetStat>): BudgetStat {
  return { day: '2025-03-14', spentDay: 0, month: '2025-03', spentMonth: 0, ...over };
}

describe('auditBudget on a fake clock', () => {
  it.each<[string, BudgetStat | undefined, number, number, string, string | undefined, number | undefined]>([
    ['no budget at all', undefined, 5, NOW, 'ok', undefined, undefined],
    ['budget object without limits', stat({ spentDay: 9 }), 5, NOW, 'ok', undefined, undefined],
    ['well under the daily budget', stat({ daily: 10, spentDay: 5 }), 2, NOW, 'ok', 'daily', 0.7],
    ['just under the warning line', stat({ daily: 10, spentDay: 7.5 }), 0.49, NOW, 'ok', 'daily', 0.799],
    ['exactly 80% warns', stat({ daily: 10, spentDay: 7.5 }), 0.5, NOW, 'warn', 'daily', 0.8],
    ['just under 100% still only warns', stat({ daily: 10, spentDay: 9.5 }), 0.49, NOW, 'warn', 'daily', 0.999],
    ['exactly 100% is over', stat({ daily: 10, spentDay: 9.5 }), 0.5, NOW, 'over', 'daily', 1],
    ['the request alone exceeds the budget', stat({ daily: 0.01 }), 0.03, NOW, 'over', 'daily', 3],
    ['yesterday spend does not count today', stat({ daily: 10, day: '2025-03-13', spentDay: 9.9 }), 1, NOW, 'ok', 'daily', 0.1],
    [
      'one ms before midnight it still counts',
      stat({ daily: 10, spentDay: 9 }),
      0,
      Date.UTC(2025, 2, 14, 23, 59, 59, 999),
      'warn',
      'daily',
      0.9,
    ],
    ['at midnight UTC the day starts afresh', stat({ daily: 10, spentDay: 9 }), 0, Date.UTC(2025, 2, 15), 'ok', 'daily', 0],
    ['monthly is worse than daily', stat({ daily: 10, spentDay: 1, monthly: 100, spentMonth: 95 }), 1, NOW, 'warn', 'monthly', 0.96],
    ['daily is worse than monthly', stat({ daily: 2, spentDay: 1.9, monthly: 100, spentMonth: 2 }), 0.1, NOW, 'over', 'daily', 1],
    ['last month spend does not count', stat({ monthly: 100, month: '2025-02', spentMonth: 99 }), 1, NOW, 'ok', 'monthly', 0.01],
    ['a zero budget still allows a free request', stat({ daily: 0 }), 0, NOW, 'ok', 'daily', 0],
    ['a zero budget refuses any cost', stat({ daily: 0 }), 0.0001, NOW, 'over', 'daily', Infinity],
  ])('%s', (_name, s, requestUsd, now, level, period, ratio) => {
    const a = auditBudget(s, requestUsd, now);
    expect(a.level).toBe(level);
    expect(a.worst?.period).toBe(period);
    if (ratio === undefined) expect(a.worst).toBeUndefined();
    else if (ratio === Infinity) expect(a.worst?.ratio).toBe(Infinity);
    else expect(a.worst?.ratio).toBeCloseTo(ratio, 9);
  });

  it('describes a check in words the trace and explain print', () => {
    const a = auditBudget(stat({ daily: 0.01 }), 0.03, NOW);
    expect(describeCheck('sim-a', a.worst!)).toBe('sim-a daily budget $0.0100: $0.0000 spent + ~$0.0300 this request = 300%');
    expect(describeCheck('x', auditBudget(stat({ monthly: 0 }), 1, NOW).worst!)).toBe(
      'x monthly budget $0.0000: $0.0000 spent + ~$1.00 this request = over 100%',
    );
  });

  it.each([
    [0, '$0.0000'],
    [0.00004, '$0.0000'],
    [0.0123, '$0.0123'],
    [1, '$1.00'],
    [1234.567, '$1234.57'],
  ])('formatUsd(%s) = %s', (usd, text) => expect(formatUsd(usd)).toBe(text));

  it.each([
    [NOW, '2025-03-14', '2025-03'],
    [Date.UTC(2025, 2, 31, 23, 59), '2025-03-31', '2025-03'],
    [Date.UTC(2025, 3, 1), '2025-04-01', '2025-04'],
    [NOW - 14 * DAY, '2025-02-28', '2025-02'],
  ])('utc day and month of %i', (now, day, month) => {
    expect([utcDay(now), utcMonth(now)]).toEqual([day, month]);
  });
});

describe('projected cost of a request', () => {
  const priced: ModelEntry = { price: { input: 10, output: 30 } };
  const config = makeConfig({
    routes: { r: ['a/m', 'sub/m'] },
    providers: { sub: { type: 'anthropic', billing: 'subscription', timeoutMs: 1, connectTimeoutMs: 1, firstByteTimeoutMs: 1 } },
  });

  it.each<[string, string, ModelEntry | undefined, number, number | undefined, number]>([
    ['input plus a typical 1000-token answer', 'a/m', priced, 1000, undefined, 0.01 + 0.03],
    ['max_tokens below the typical answer caps it', 'a/m', priced, 1000, 200, 0.01 + 0.006],
    ['max_tokens above the typical answer does not inflate it', 'a/m', priced, 1000, 64_000, 0.04],
    ['no price known', 'a/m', undefined, 1000, undefined, 0],
    ['subscription provider', 'sub/m', priced, 1000, undefined, 0],
    ['subscription set on the route target', 'a/m', priced, 1000, undefined, 0],
  ])('%s', (name, id, entry, input, maxOut, usd) => {
    const t = name.startsWith('subscription set') ? target(id, { billing: 'subscription' }) : target(id);
    expect(projectedRequestUsd(t, config, entry, input, maxOut)).toBeCloseTo(usd, 12);
  });
});

describe('reasoning tokens are priced as output', () => {
  const entry: ModelEntry = { price: { input: 1, output: 10 } };
  it.each([
    // OpenAI completion_tokens already include reasoning_tokens.
    [
      'openai',
      usageFromOpenAi({ prompt_tokens: 1000, completion_tokens: 3000, completion_tokens_details: { reasoning_tokens: 2500 } }),
      0.001 + 0.03,
    ],
    // Gemini reports thoughts separately from candidates; both are billed as output.
    ['gemini', usageFromGemini({ promptTokenCount: 1000, candidatesTokenCount: 500, thoughtsTokenCount: 2500 }), 0.001 + 0.03],
  ])('%s', (_name, usage, usd) => {
    expect(costUsd(usage!, entry)).toBeCloseTo(usd, 12);
  });
});
