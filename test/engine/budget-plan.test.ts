// plan() with budgets in state: the request's projected cost decides, on a fake clock.
import { describe, expect, it } from 'vitest';
import type { PlanOk } from '../../src/engine/plan.js';
import { plan } from '../../src/engine/plan.js';
import { reduce } from '../../src/engine/reduce.js';
import { initialState, type BudgetStat, type RouterState } from '../../src/engine/types.js';
import { makeConfig } from './config-fixture.js';
import { facts } from './facts-fixture.js';

const NOW = Date.UTC(2025, 2, 14, 12);
const config = makeConfig({
  routes: { main: ['a/one', 'b/two', 'c/three'] },
  catalog: {
    // "hello" is ~2 tokens: the projection is almost exactly the typical 1000-token answer, $0.03.
    'a/one': { price: { input: 10, output: 30 } },
    'b/two': { price: { input: 10, output: 30 } },
    'c/three': { price: { input: 1, output: 2 } },
  },
});

const budget = (over: Partial<BudgetStat>): BudgetStat => ({ day: '2025-03-14', spentDay: 0, month: '2025-03', spentMonth: 0, ...over });
const withBudgets = (budgets: Record<string, BudgetStat>): RouterState => ({ ...initialState(), budgets });

function run(state: RouterState, now = NOW): PlanOk {
  const r = plan(facts(), state, config, now, 'd');
  if (!r.ok) throw new Error(r.message);
  return r;
}
const candidate = (r: PlanOk, id: string) => r.trace.candidates.find((c) => c.target === id);

describe('budget audit in plan()', () => {
  it.each<[string, Record<string, BudgetStat>, string[], boolean]>([
    ['no budgets: config order', {}, ['a/one', 'b/two', 'c/three'], false],
    ['a request that would exceed the budget goes to the next provider', { a: budget({ daily: 0.01 }) }, ['b/two', 'c/three'], false],
    ['spend already at the budget', { a: budget({ daily: 1, spentDay: 1 }) }, ['b/two', 'c/three'], false],
    ['spend of yesterday is forgotten', { a: budget({ daily: 1, day: '2025-03-13', spentDay: 5 }) }, ['a/one', 'b/two', 'c/three'], false],
    ['monthly budget', { a: budget({ monthly: 10, spentMonth: 9.99 }) }, ['b/two', 'c/three'], false],
    [
      'a cheaper request fits a budget the dear one does not',
      { a: budget({ daily: 0.01 }), b: budget({ daily: 0.01 }), c: budget({ daily: 0.01 }) },
      ['c/three'],
      false,
    ],
    [
      'every candidate over: routed anyway, in order',
      { a: budget({ daily: 0 }), b: budget({ daily: 0 }), c: budget({ daily: 0 }) },
      ['a/one', 'b/two', 'c/three'],
      true,
    ],
  ])('%s', (_name, budgets, order, blocked) => {
    const r = run(withBudgets(budgets));
    expect(r.trace.plannedOrder).toEqual(order);
    expect(r.trace.notes.includes('every candidate is over its budget; routing through them anyway rather than refusing the request')).toBe(
      blocked,
    );
  });

  it('the trace says why a provider was dropped', () => {
    const r = run(withBudgets({ a: budget({ daily: 0.01 }) }));
    expect(candidate(r, 'a/one')).toMatchObject({ verdict: 'dropped' });
    expect(candidate(r, 'a/one')?.reason).toMatch(
      /^over budget: a daily budget \$0\.0100: \$0\.0000 spent \+ ~\$0\.0300 this request = 300%$/,
    );
  });

  it('>= 80% keeps the provider with a warning in the candidate and the notes', () => {
    const r = run(withBudgets({ a: budget({ daily: 1, spentDay: 0.79 }) }));
    expect(r.trace.plannedOrder[0]).toBe('a/one');
    expect(candidate(r, 'a/one')).toMatchObject({
      verdict: 'kept',
      reason: 'budget warning: a daily budget $1.00: $0.7900 spent + ~$0.0300 this request = 82%',
    });
    expect(r.trace.notes).toContain('budget warning: a daily budget $1.00: $0.7900 spent + ~$0.0300 this request = 82%');
  });

  it('79% is no warning', () => {
    const r = run(withBudgets({ a: budget({ daily: 1, spentDay: 0.76 }) }));
    expect(candidate(r, 'a/one')).toMatchObject({ verdict: 'kept', reason: 'kept' });
    expect(r.trace.notes).toEqual([]);
  });

  it('when every candidate is over budget the trace records why they were used anyway', () => {
    const r = run(withBudgets({ a: budget({ daily: 0 }), b: budget({ daily: 0 }), c: budget({ daily: 0 }) }));
    expect(r.trace.notes).toContain('every candidate is over its budget; routing through them anyway rather than refusing the request');
    expect(candidate(r, 'b/two')?.reason).toMatch(/over budget: .*; kept: every candidate is over budget$/);
  });

  it('health still applies after the budget fallback', () => {
    const state = {
      ...withBudgets({ a: budget({ daily: 0 }), b: budget({ daily: 0 }), c: budget({ daily: 0 }) }),
      cooldowns: { 'a/one': { until: NOW + 60_000, reason: 'rate_limit' as const } },
    };
    expect(run(state).trace.plannedOrder).toEqual(['b/two', 'c/three']);
  });
});

describe('budgets in state', () => {
  it('budgets.set replaces the map; state.reset keeps it', () => {
    const one = { a: budget({ daily: 1 }) };
    const s1 = reduce(initialState(), { type: 'budgets.set', budgets: one }, config, NOW);
    expect(s1.budgets).toEqual(one);
    expect(s1.budgets).not.toBe(one);
    const s2 = reduce(s1, { type: 'budgets.set', budgets: { b: budget({ monthly: 5 }) } }, config, NOW);
    expect(s2.budgets).toEqual({ b: budget({ monthly: 5 }) });
    expect(reduce(s2, { type: 'state.reset' }, config, NOW).budgets).toEqual(s2.budgets);
  });
});
