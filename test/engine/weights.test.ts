import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { plan } from '../../src/engine/plan.js';
import { initialState, type RequestFacts, type RouterState } from '../../src/engine/types.js';
import { normaliseWeights, qualityScore, relativeScore } from '../../src/engine/weights.js';
import { ok } from './plan-fixture.js';

function withWeights(weights: string): Config {
  const r = parseConfig(
    `
providers: { p: { type: openai-compatible, baseUrl: "http://127.0.0.1:9" } }
models:
  p/cheap-slow: { price: { input: 0.1, output: 0.4 }, tier: basic }
  p/pricey-fast: { price: { input: 5, output: 15 }, tier: premium }
routes:
  main: { targets: [p/cheap-slow, p/pricey-fast]${weights ? `, weights: ${weights}` : ''} }
`,
    'w.yaml',
    {},
  );
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.config;
}

const facts: RequestFacts = {
  model: 'main',
  headers: {},
  clientFormat: 'openai',
  stream: false,
  lastUserText: 'hi',
  systemText: '',
  textChars: 4000,
  imageCount: 0,
  toolCount: 0,
  toolsChars: 0,
};
const lat = (ewmaMs: number) => ({ ewmaMs, ttftEwmaMs: 0, samples: 10 });
const state: RouterState = { ...initialState(), latency: { 'p/cheap-slow': lat(4000), 'p/pricey-fast': lat(500) } };
const order = (c: Config, s = state) => ok(plan(facts, s, c, 0, 'd')).attempts.map((t) => t.id);

describe('route weights', () => {
  it.each([
    ['{ cost: 1, latency: 0, quality: 0 }', ['p/cheap-slow', 'p/pricey-fast']],
    ['{ cost: 0, latency: 1, quality: 0 }', ['p/pricey-fast', 'p/cheap-slow']],
    ['{ cost: 0, latency: 0, quality: 1 }', ['p/pricey-fast', 'p/cheap-slow']],
    ['{ cost: 3, latency: 1, quality: 0 }', ['p/cheap-slow', 'p/pricey-fast']],
  ])('adaptive with weights %s orders %j', (weights, expected) => {
    expect(order(withWeights(weights))).toEqual(expected);
  });

  it("shows each candidate's score parts in the trace, adding up to the total", () => {
    const p = ok(plan(facts, state, withWeights('{ cost: 2, latency: 1, quality: 1 }'), 0, 'd'));
    expect(p.trace.weights).toEqual({ cost: 0.5, latency: 0.25, quality: 0.25 });
    const cheap = p.trace.candidates.find((c) => c.target === 'p/cheap-slow')!;
    // Cheapest: the full cost part; 8x slower than the best: an eighth of the latency part; basic tier: quality 0.25.
    expect(cheap.score).toEqual({ cost: 0.5, latency: 0.031, quality: 0.063, total: 0.594 });
    const fast = p.trace.candidates.find((c) => c.target === 'p/pricey-fast')!;
    expect(fast.score!.latency).toBe(0.25);
    expect(fast.score!.quality).toBe(0.25);
  });

  it('ratings move the quality part away from the tier guess', () => {
    const rated: RouterState = { ...state, ratings: { 'p/pricey-fast': { good: 0, bad: 8 }, 'p/cheap-slow': { good: 8, bad: 0 } } };
    expect(order(withWeights('{ cost: 0, latency: 0, quality: 1 }'), rated)).toEqual(['p/cheap-slow', 'p/pricey-fast']);
  });

  it('leaves adaptive as it was when a route sets no weights (latency bands, then cost)', () => {
    const p = ok(plan(facts, state, withWeights(''), 0, 'd'));
    expect(p.trace.weights).toBeUndefined();
    expect(p.trace.candidates.every((c) => c.score === undefined)).toBe(true);
  });

  it.each([
    [undefined, { cost: 1 / 3, latency: 1 / 3, quality: 1 / 3 }],
    [
      { cost: 0, latency: 0, quality: 0 },
      { cost: 1 / 3, latency: 1 / 3, quality: 1 / 3 },
    ],
    [
      { cost: 2, latency: 2, quality: 4 },
      { cost: 0.25, latency: 0.25, quality: 0.5 },
    ],
  ])('normalises %j to %j', (w, expected) => {
    expect(normaliseWeights(w)).toEqual(expected);
  });

  it('scores relative to the best: 1 for the best, 1/2 for twice as slow', () => {
    expect(relativeScore(99, 99, 1)).toBe(1);
    expect(relativeScore(199, 99, 1)).toBe(0.5);
    expect(qualityScore(undefined, undefined)).toBe(0.5);
    expect(qualityScore({ good: 3, bad: 1 }, { tier: 'premium' })).toBeCloseTo(5 / 6, 9);
  });
});
