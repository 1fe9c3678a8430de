import { describe, expect, it } from 'vitest';
import type { Strategy, Target } from '../../src/config/schema.js';
import type { OrderContext, RuleRank } from '../../src/engine/order.js';
import { orderScored, rank, score, scoreCaveats } from '../../src/engine/order.js';
import type { RouterState } from '../../src/engine/types.js';
import { initialState } from '../../src/engine/types.js';
import { makeConfig, target } from './config-fixture.js';

const ids = ['a/slow-cheap', 'b/fast-pricey', 'c/unknown', 'd/sub'];
const targets: Target[] = ids.map((id) => (id === 'd/sub' ? target(id, { billing: 'subscription' }) : target(id)));
const config = makeConfig({
  routes: { r: ids },
  catalog: {
    'a/slow-cheap': { price: { input: 0.1, output: 0.4 } },
    'b/fast-pricey': { price: { input: 5, output: 15 } },
    'd/sub': { price: { input: 3, output: 15 } },
  },
});
const lat = (ewmaMs: number, ttftEwmaMs = 0) => ({ ewmaMs, ttftEwmaMs, samples: 10 });
const measured: RouterState = {
  ...initialState(),
  latency: { 'a/slow-cheap': lat(3000, 900), 'b/fast-pricey': lat(400, 300), 'd/sub': lat(1000, 100) },
};

function ctx(state: RouterState, extra: Partial<OrderContext> = {}): OrderContext {
  return { config, state, stream: false, inputTokens: 1000, entryOf: (t) => config.catalog[t.id], ruleRank: () => rank.normal, ...extra };
}
const order = (strategy: Strategy, state: RouterState, extra: Partial<OrderContext> = {}) =>
  orderScored(score(targets, ctx(state, extra)), strategy).map((s) => s.target.id);

describe('strategies', () => {
  it.each<[Strategy, string[]]>([
    ['ordered', ['a/slow-cheap', 'b/fast-pricey', 'c/unknown', 'd/sub']],
    ['cheapest', ['d/sub', 'a/slow-cheap', 'c/unknown', 'b/fast-pricey']],
    // c has no history and gets the median (1000 ms), tying with d; config order breaks the tie.
    ['fastest', ['b/fast-pricey', 'c/unknown', 'd/sub', 'a/slow-cheap']],
    ['adaptive', ['b/fast-pricey', 'd/sub', 'c/unknown', 'a/slow-cheap']],
  ])('%s', (strategy, expected) => {
    expect(order(strategy, measured)).toEqual(expected);
  });

  it('streaming requests compare time to first token', () => {
    expect(order('fastest', measured, { stream: true })).toEqual(['d/sub', 'b/fast-pricey', 'c/unknown', 'a/slow-cheap']);
  });

  it('latencies within one band tie, and cost decides', () => {
    const close: RouterState = {
      ...initialState(),
      latency: { 'a/slow-cheap': lat(760), 'b/fast-pricey': lat(700), 'c/unknown': lat(710), 'd/sub': lat(720) },
    };
    expect(order('adaptive', close)).toEqual(['d/sub', 'a/slow-cheap', 'c/unknown', 'b/fast-pricey']);
  });

  it('without any history adaptive falls back to cost, then config order', () => {
    expect(order('adaptive', initialState())).toEqual(['d/sub', 'a/slow-cheap', 'c/unknown', 'b/fast-pricey']);
  });

  it('pressure buckets come first in adaptive only', () => {
    const pressed: RouterState = { ...measured, pressure: { b: 'demoted', a: 'promoted' } };
    expect(order('adaptive', pressed)).toEqual(['a/slow-cheap', 'd/sub', 'c/unknown', 'b/fast-pricey']);
    expect(order('fastest', pressed)).toEqual(['b/fast-pricey', 'c/unknown', 'd/sub', 'a/slow-cheap']);
  });

  it.each<[Strategy]>([['adaptive'], ['ordered'], ['cheapest'], ['fastest']])('rule ranks beat everything (%s)', (strategy) => {
    const ranks: Record<string, RuleRank> = { 'c/unknown': rank.forced, 'a/slow-cheap': rank.preferred, 'd/sub': rank.belowTier };
    const ruleRank = (t: Target) => ranks[t.id] ?? rank.normal;
    expect(order(strategy, measured, { ruleRank })).toEqual(['c/unknown', 'a/slow-cheap', 'b/fast-pricey', 'd/sub']);
  });
});

describe('score', () => {
  it('fills unknown latency and price with the median of the known ones', () => {
    const [a, b, c, d] = score(targets, ctx(measured));
    expect(c).toMatchObject({ latencyMs: 1000, latencyMeasured: false, costUsd: 0.0005, costKnown: false });
    expect(a).toMatchObject({ latencyMs: 3000, costUsd: 0.0005, costKnown: true });
    expect(b).toMatchObject({ latencyMs: 400, costUsd: 0.02 });
    expect(d).toMatchObject({ costUsd: 0 });
    expect(scoreCaveats(c!)).toBe('no latency history and no price: medians used');
    expect(scoreCaveats(a!)).toBeUndefined();
  });

  it('caps the assumed output at 1000 tokens, or the smaller max_tokens', () => {
    const [, b] = score(targets, ctx(measured, { maxOutputTokens: 100 }));
    expect(b?.costUsd).toBeCloseTo((1000 * 5 + 100 * 15) / 1e6, 10);
  });

  it('ollama and simulated providers cost nothing without a price', () => {
    const c2 = makeConfig({ routes: { r: ['local/llama3.2'] }, providers: { local: 'ollama' } });
    const [only] = score([target('local/llama3.2')], { ...ctx(initialState()), config: c2, entryOf: () => undefined });
    expect(only).toMatchObject({ costUsd: 0, costKnown: true });
  });
});
