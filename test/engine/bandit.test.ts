import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { armMean, banditReward, decisionReward, drawArm, observeArm, type BanditBook } from '../../src/engine/bandit.js';
import { plan } from '../../src/engine/plan.js';
import { seededRandom } from '../../src/engine/random.js';
import { reduce } from '../../src/engine/reduce.js';
import { initialState, type RequestFacts, type RouterState } from '../../src/engine/types.js';
import { ok } from './plan-fixture.js';

function load(yaml: string): Config {
  const r = parseConfig(yaml, 'test.yaml', {});
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.config;
}

const config = load(`
providers: { sim: { type: simulated } }
routes:
  main: { strategy: bandit, targets: [sim/slow, sim/fast] }
`);
const facts: RequestFacts = {
  model: 'main',
  headers: {},
  clientFormat: 'openai',
  stream: false,
  lastUserText: 'hi',
  systemText: '',
  textChars: 2,
  imageCount: 0,
  toolCount: 0,
  toolsChars: 0,
};

/** Routes n requests with a fake clock; `latencyOf` is the simulated provider latency at request i. */
function simulate(n: number, latencyOf: (target: string, i: number) => number, seed: number) {
  let state: RouterState = initialState();
  let book: BanditBook = {};
  let now = Date.UTC(2026, 0, 10);
  const random = seededRandom(seed);
  const chosen: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = ok(plan(facts, state, config, now, `d-${i}`, { bandit: book, random }));
    const target = p.attempts[0]!.id;
    chosen.push(target);
    const latencyMs = latencyOf(target, i);
    now += latencyMs;
    state = reduce(state, { type: 'attempt.succeeded', target, latencyMs }, config, now);
    const r = decisionReward(p.trace, target, { ok: true, latencyMs }, (t) => state.latency[t]?.ewmaMs);
    book = { ...book, [r!.scope]: observeArm(book[r!.scope], target, r!.reward) };
  }
  return { chosen, book };
}

const share = (list: string[], target: string) => list.filter((t) => t === target).length / list.length;

describe('bandit strategy', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'sends >= 80%% of the last 40 of 100 requests to the fast target over a 300 ms one (seed %d)',
    (seed) => {
      const { chosen } = simulate(100, (t) => (t === 'sim/slow' ? 300 : 20), seed);
      expect(share(chosen.slice(60), 'sim/fast')).toBeGreaterThanOrEqual(0.8);
    },
  );

  it('follows change: a fast target that turns slow loses its share within ~50 requests', () => {
    // sim/fast is fast for 100 requests, then 400 ms; sim/slow is a steady 100 ms.
    const { chosen } = simulate(160, (t, i) => (t === 'sim/slow' ? 100 : i < 100 ? 20 : 400), 9);
    expect(share(chosen.slice(60, 100), 'sim/fast')).toBeGreaterThanOrEqual(0.8);
    expect(share(chosen.slice(150), 'sim/slow')).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps exploring: a losing target still gets some traffic, but a bounded share', () => {
    const { chosen } = simulate(300, (t) => (t === 'sim/slow' ? 300 : 20), 11);
    const slowLate = share(chosen.slice(100), 'sim/slow');
    expect(slowLate).toBeGreaterThan(0);
    expect(slowLate).toBeLessThan(0.15);
  });

  it('puts each draw and the score parts in the trace; the highest draw goes first', () => {
    const book: BanditBook = { main: { 'sim/slow': { s: 2, f: 20 }, 'sim/fast': { s: 20, f: 1 } } };
    const p = ok(plan(facts, initialState(), config, Date.UTC(2026, 0, 10), 'd-x', { bandit: book, random: seededRandom(3) }));
    const [first, second] = p.attempts.map((t) => p.trace.candidates.find((c) => c.target === t.id)!);
    expect(first!.draw).toBeGreaterThan(second!.draw!);
    expect(first!.score?.total).toBeCloseTo(first!.score!.cost + first!.score!.latency + first!.score!.quality, 2);
    expect(p.trace.banditScope).toBe('main');
    expect(p.trace.weights).toEqual({ cost: 1 / 3, latency: 1 / 3, quality: 1 / 3 });
  });

  it('draws the same again for the same decision id (replay), and differently for another', () => {
    const book: BanditBook = { main: { 'sim/slow': { s: 5, f: 5 }, 'sim/fast': { s: 5, f: 5 } } };
    const draws = (id: string) => ok(plan(facts, initialState(), config, 0, id, { bandit: book })).trace.candidates.map((c) => c.draw);
    expect(draws('d-1')).toEqual(draws('d-1'));
    expect(draws('d-1')).not.toEqual(draws('d-2'));
  });

  it('rewards: failure 0, a slower answer less, an escalated answer no quality credit', () => {
    const w = { cost: 0, latency: 0.5, quality: 0.5 };
    const best = { latencyMs: 100, costUsd: 0 };
    expect(banditReward({ ok: false, latencyMs: 100, costUsd: 0 }, best, w)).toBe(0);
    expect(banditReward({ ok: true, latencyMs: 100, costUsd: 0 }, best, w)).toBeCloseTo(1, 5);
    expect(banditReward({ ok: true, latencyMs: 200, costUsd: 0 }, best, w)).toBeCloseTo(0.5 + 0.5 * (101 / 201), 5);
    expect(banditReward({ ok: true, poorAnswer: true, latencyMs: 100, costUsd: 0 }, best, w)).toBeCloseTo(0.5, 5);
  });

  it('discounts every arm of the scope on each observation, so the evidence stays bounded', () => {
    let arms = observeArm(undefined, 'a', 1);
    for (let i = 0; i < 1000; i++) arms = observeArm(arms, 'a', 1);
    expect(arms.a!.s).toBeLessThan(1 / (1 - 0.97) + 1e-9);
    const withB = observeArm(arms, 'b', 0);
    expect(withB.a!.s).toBeCloseTo(arms.a!.s * 0.97, 9);
    expect(armMean(withB.b)).toBeCloseTo(1 / 3, 9);
  });

  it('samples Beta draws with the right mean', () => {
    const random = seededRandom(5);
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += drawArm({ s: 6, f: 2 }, random);
    expect(sum / 4000).toBeCloseTo(7 / 10, 1);
    expect(drawArm(undefined, random)).toBe(1);
  });
});
