// What the bandit learns from a finished request, and that its posteriors survive a restart.
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/config/schema.js';
import { parseConfig } from '../../src/config/load.js';
import { plan, type PlanOk } from '../../src/engine/plan.js';
import { initialState, type RouterState } from '../../src/engine/types.js';
import { BanditHolder } from '../../src/daemon/learning/bandit-holder.js';
import { observeBandit, observeRating } from '../../src/daemon/learning/outcomes.js';
import type { AttemptResult } from '../../src/daemon/recorder.js';
import { openStore } from '../../src/store/store.js';
import { tempDbFile } from '../store/fixtures.js';

const r = parseConfig(
  `
providers: { a: { type: simulated }, b: { type: simulated } }
routes: { main: { strategy: bandit, weights: { cost: 0, latency: 1, quality: 1 }, targets: [a/x, b/y] } }
`,
  'b.yaml',
  {},
);
if (!r.ok) throw new Error('config');
const config = r.config;
const facts = {
  model: 'main',
  headers: {},
  clientFormat: 'openai' as const,
  stream: false,
  lastUserText: 'hi',
  systemText: '',
  textChars: 2,
  imageCount: 0,
  toolCount: 0,
  toolsChars: 0,
};
const decision = plan(facts, initialState(), config, 0, 'd-1') as PlanOk;
const target = (id: string): Target => ({ id, provider: id.split('/')[0]!, model: id.split('/')[1]! });
const result = (id: string, over: Partial<AttemptResult>): AttemptResult => ({
  seq: 1,
  target: target(id),
  startedAt: 0,
  latencyMs: 100,
  outcome: 'ok',
  usage: null,
  ...over,
});
const state: RouterState = {
  ...initialState(),
  latency: { 'a/x': { ewmaMs: 100, ttftEwmaMs: 0, samples: 5 }, 'b/y': { ewmaMs: 50, ttftEwmaMs: 0, samples: 5 } },
};

function observed(results: AttemptResult[]) {
  const seen: Array<[string, string, number]> = [];
  observeBandit({ plan: decision, startedAt: 0, stream: false, facts }, results, state, {
    observe: (s, t, reward) => seen.push([s, t, reward]),
  });
  return seen;
}

describe('bandit outcomes', () => {
  it('a failed attempt is a failure for its target, the answer a reward charged for its latency', () => {
    const seen = observed([result('b/y', { outcome: 'failed', errorClass: 'server' }), result('a/x', { seq: 2, latencyMs: 100 })]);
    // a/x answered in 100 ms where the best measured is 50 ms: half the latency part (51/101), all the quality part.
    expect(seen).toEqual([
      ['main', 'b/y', 0],
      ['main', 'a/x', expect.closeTo(0.5 * (51 / 101) + 0.5, 9)],
    ]);
  });

  it('an answer replaced by an escalation earns no quality credit; client-side failures and hang-ups teach nothing', () => {
    const seen = observed([
      result('b/y', { latencyMs: 50 }),
      result('a/x', { seq: 2, outcome: 'failed', errorClass: 'invalid_request' }),
      result('a/x', { seq: 3, outcome: 'aborted' }),
      result('a/x', { seq: 4, latencyMs: 50 }),
    ]);
    expect(seen).toEqual([
      ['main', 'b/y', expect.closeTo(0.5, 9)],
      ['main', 'a/x', expect.closeTo(1, 9)],
    ]);
  });

  it('a rating is one more observation in the decision scope; a decision of another strategy teaches nothing', () => {
    const seen: Array<[string, string, number]> = [];
    const observer = { observe: (s: string, t: string, reward: number) => seen.push([s, t, reward]) };
    observeRating(decision.trace, 'a/x', 'good', observer);
    observeRating(decision.trace, 'b/y', 'bad', observer);
    observeRating({ ...decision.trace, banditScope: undefined }, 'a/x', 'good', observer);
    expect(seen).toEqual([
      ['main', 'a/x', 1],
      ['main', 'b/y', 0],
    ]);
  });

  it('keeps the posteriors in router.db across a restart', () => {
    const tmp = tempDbFile();
    try {
      const store = openStore(tmp.file);
      const holder = new BanditHolder(store.bandit, () => 1);
      holder.observe('main', 'a/x', 1);
      holder.observe('main', 'b/y', 0);
      holder.persist();
      store.close();
      const again = openStore(tmp.file);
      expect(new BanditHolder(again.bandit).current()).toEqual({ main: { 'a/x': { s: 0.97, f: 0 }, 'b/y': { s: 0, f: 1 } } });
      again.close();
    } finally {
      tmp.cleanup();
    }
  });
});
