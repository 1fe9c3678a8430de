// Replay from the stored text summary: a decision planned live and re-planned from its stored facts
// (no prompt text) agree, across a table of config changes that do not need the text; what does
// need it (a new systemMatches pattern, another learned model) is reported as a gap.
import { describe, expect, it } from 'vitest';
import type { Config, Rule } from '../../src/config/schema.js';
import type { LearnedModel } from '../../src/engine/learned-score.js';
import type { PlanOk, PlanOptions } from '../../src/engine/plan.js';
import { plan } from '../../src/engine/plan.js';
import { readStoredFacts, replayOptionOf, storedFacts } from '../../src/engine/replay-facts.js';
import { summariseText } from '../../src/engine/text-summary.js';
import type { RequestFacts, RouterState } from '../../src/engine/types.js';
import { initialState } from '../../src/engine/types.js';
import { makeConfig, rule } from './config-fixture.js';
import { facts } from './facts-fixture.js';

const NOW = Date.UTC(2026, 0, 5, 14, 30); // a Monday, 14:30 UTC
const catalog = {
  'a/small': { tier: 'basic' as const, contextWindow: 16_000, price: { input: 0.1, output: 0.2 } },
  'b/big': { tier: 'strong' as const, contextWindow: 200_000, reasoning: true, vision: true, tools: true, price: { input: 3, output: 15 } },
  'c/mid': { tier: 'standard' as const, contextWindow: 128_000, vision: true, tools: true, price: { input: 1, output: 2 } },
};
const targets = ['a/small', 'c/mid', 'b/big'];
const config = (extra: { rules?: Partial<Rule>[]; strategy?: 'ordered' | 'fastest' | 'cheapest'; targets?: string[] } = {}): Config =>
  makeConfig({
    routes: {
      main: { strategy: extra.strategy ?? 'ordered', escalate: false, targets: (extra.targets ?? targets).map(t) },
      strong: ['b/big'],
    },
    catalog,
    rules: extra.rules,
  });
function t(id: string) {
  const [provider = '', model = ''] = id.split('/');
  return { id, provider, model };
}
const when = (w: Rule['when'], then: Rule['then'], name: string): Partial<Rule> => rule({ name, when: w, then });

const state: RouterState = {
  ...initialState(),
  latency: { 'a/small': { ewmaMs: 900, ttftEwmaMs: 0, samples: 9 }, 'c/mid': { ewmaMs: 200, ttftEwmaMs: 0, samples: 9 } },
};

const big = 'Please refactor this distributed system design for concurrency and race conditions, step by step. '.repeat(80);
const prompts: Array<[string, Partial<RequestFacts>]> = [
  ['a greeting', { lastUserText: 'hi' }],
  ['a code question', { lastUserText: 'Fix this bug in my typescript function:\n```ts\nconst x = a => a + 1\n```' }],
  ['a hard prompt with a shortcut', { lastUserText: '@reasoning prove the theorem rigorously, step by step, with edge cases' }],
  ['a story', { lastUserText: 'Write me a poem and a short story with a fantasy plot and characters' }],
  ['CJK text', { lastUserText: '请帮我分析这个数据集的趋势和相关性'.repeat(30), textChars: 17 * 30 }],
  ['a long prompt (over 4 KB)', { lastUserText: big, textChars: big.length * 3 }],
  ['tools and images', { lastUserText: 'describe the chart', imageCount: 2, toolCount: 12, toolsChars: 9_000 }],
  ['a difficulty header', { lastUserText: 'hello', difficultyHeader: 'hard', headers: { 'x-team': 'search' } }],
  ['a system prompt', { lastUserText: 'analyze the data', systemText: 'You are Claude Code, an agent.', textChars: 50 }],
];

// Rules on everything the summary carries, and a config that has none (the recording one).
const recording = config({ rules: [when({ systemMatches: 'claude code' }, { preferProviders: ['c'] }, 'agent')] });
const changes: Array<[string, Config]> = [
  ['the same config', recording],
  ['targets moved', config({ targets: ['c/mid', 'a/small'] })],
  ['strategy fastest', config({ strategy: 'fastest' })],
  ['strategy cheapest', config({ strategy: 'cheapest' })],
  ['intent rule', config({ rules: [when({ intent: ['code', 'creative'] }, { route: 'strong' }, 'code')] })],
  ['difficulty rule', config({ rules: [when({ difficulty: 'hard' }, { target: 'b/big' }, 'hard')] })],
  ['easy rule', config({ rules: [when({ difficulty: 'easy' }, { target: 'a/small' }, 'easy')] })],
  ['tier rule', config({ rules: [when({ tier: 'strong' }, { preferProviders: ['b'] }, 'tier')] })],
  ['tokens rule', config({ rules: [when({ tokensOver: 2_000 }, { target: 'b/big' }, 'tokens')] })],
  ['tools and images rule', config({ rules: [when({ hasTools: true, hasImages: true }, { route: 'strong' }, 'media')] })],
  ['header rule', config({ rules: [when({ header: { 'x-team': 'search' } }, { target: 'b/big' }, 'team')] })],
  ['hours rule', config({ rules: [when({ hours: '09:00-17:00', days: ['mon'] }, { target: 'c/mid' }, 'office')] })],
  ['a known systemMatches', config({ rules: [when({ systemMatches: 'claude code' }, { target: 'b/big' }, 'agent')] })],
];

const zero = (n: number) => new Float32Array(2 ** n);
const learned: LearnedModel = {
  version: 2,
  bits: 10,
  heads: [{ bias: -0.5, weights: Float32Array.from(zero(10), (_, i) => Math.sin(i) * 0.8) }],
  threshold: 0.4,
};

function liveThenReplay(f: RequestFacts, under: Config, options: PlanOptions = {}) {
  const live = plan(f, state, recording, NOW, 'dec-1', options) as PlanOk;
  expect(live.ok).toBe(true);
  const summary = summariseText(f, live.signals, recording, live.learned);
  const row = JSON.stringify(storedFacts(f, live.state, NOW, 0, { summary }));
  const stored = readStoredFacts(JSON.parse(row));
  if (!stored) throw new Error('stored facts not readable');
  const replayed = plan(stored.facts, stored.state, under, NOW, 'dec-1', { ...options, replay: replayOptionOf(stored) });
  const expected = plan(f, state, under, NOW, 'dec-1', options);
  return { row, replayed, expected };
}

const decisionOf = (p: ReturnType<typeof plan>) =>
  p.ok
    ? {
        attempts: p.attempts.map((x) => x.id),
        route: p.route,
        rules: p.trace.rulesFired,
        signals: p.trace.signals,
        tier: p.trace.wantedTier,
      }
    : p;

describe('replay from the text summary', () => {
  const cases = changes.flatMap(([change, under]) => prompts.map(([prompt, f]) => [change, prompt, under, f] as const));
  it.each(cases)('%s, %s: re-planned from stored facts as planned live', (_change, _prompt, under, over) => {
    const f = facts(over);
    const { replayed, expected } = liveThenReplay(f, under);
    expect(decisionOf(replayed)).toEqual(decisionOf(expected));
    expect(replayed.ok && replayed.gaps).toEqual([]);
  });

  it('the table is not vacuous: every rule of the changed configs fires for some prompt, and (but the clock rule) skips some other', () => {
    for (const [change, under] of changes.slice(1)) {
      if (under.rules.length === 0) continue;
      const fired = prompts.map(([, over]) => {
        const r = liveThenReplay(facts(over), under).replayed;
        return r.ok && r.trace.rulesFired.length > 0;
      });
      expect([change, fired.some(Boolean), fired.every(Boolean)]).toEqual([change, true, change === 'hours rule']);
    }
  });

  it.each(prompts)('with a learned model, %s: same difficulty and plan', (_prompt, over) => {
    const under = changes.find(([c]) => c === 'difficulty rule')![1];
    const { replayed, expected } = liveThenReplay(facts(over), under, { learned });
    expect(decisionOf(replayed)).toEqual(decisionOf(expected));
    expect(replayed.ok && replayed.gaps).toEqual([]);
  });

  it('a learned model other than the recorded one is a gap, not a silent answer', () => {
    const f = facts({ lastUserText: 'prove this theorem' });
    const live = plan(f, state, recording, NOW, 'dec-1', { learned }) as PlanOk;
    const stored = storedFacts(f, live.state, NOW, 0, { summary: summariseText(f, live.signals, recording, learned) });
    const other = { ...learned, heads: [{ bias: 0.7, weights: learned.heads[0]!.weights }] };
    const under = changes.find(([c]) => c === 'difficulty rule')![1];
    const r = plan(stored.facts, stored.state, under, NOW, 'dec-1', { learned: other, replay: replayOptionOf(stored) });
    expect(r.ok && r.gaps).toEqual(['learned model differs from the one recorded']);
  });

  it('a systemMatches pattern the recording config did not have is a gap, unless the text was kept', () => {
    const f = facts({ lastUserText: 'hi', systemText: 'You are Aider, a pair programmer', textChars: 40 });
    const under = config({ rules: [when({ systemMatches: 'aider' }, { target: 'b/big' }, 'aider')] });
    const live = plan(f, state, recording, NOW, 'dec-1') as PlanOk;
    const summary = summariseText(f, live.signals, recording);
    const bare = storedFacts(f, live.state, NOW, 0, { summary });
    const r = plan(bare.facts, bare.state, under, NOW, 'dec-1', { replay: replayOptionOf(bare) }) as PlanOk;
    expect(r.gaps).toEqual(['systemMatches of rule aider']);
    expect(r.attempts[0]?.id).toBe('a/small');

    const kept = storedFacts(f, live.state, NOW, 0, { summary, kept: { user: 'hi', system: f.systemText } });
    const k = plan(kept.facts, kept.state, under, NOW, 'dec-1', { replay: replayOptionOf(kept) }) as PlanOk;
    expect(k.gaps).toEqual([]);
    expect(k.attempts[0]?.id).toBe('b/big');

    // No system text at all: any pattern is answered exactly.
    const none = facts({ lastUserText: 'hi' });
    const n = storedFacts(none, live.state, NOW, 0, { summary: summariseText(none, live.signals, recording) });
    expect((plan(n.facts, n.state, under, NOW, 'dec-1', { replay: replayOptionOf(n) }) as PlanOk).gaps).toEqual([]);
  });

  it('stores no prompt or system text by default', () => {
    const canary = 'CANARY-7f3a sensitive words';
    for (const [, over] of prompts) {
      const f = facts({ ...over, lastUserText: `${canary} ${over.lastUserText ?? ''}`, systemText: `${canary} system` });
      const { row } = liveThenReplay(f, recording);
      expect(row).not.toContain('CANARY');
      expect(row).not.toContain('sensitive');
    }
  });

  it('still re-plans version 1 rows, which carried the text', () => {
    const f = facts({ lastUserText: 'Fix this bug in my python script' });
    const v1 = { v: 1, facts: f, tz: 0, state };
    const stored = readStoredFacts(JSON.parse(JSON.stringify(v1)));
    expect(stored && replayOptionOf(stored)).toBeUndefined();
    const under = changes.find(([c]) => c === 'intent rule')![1];
    const r = plan(stored!.facts, stored!.state, under, NOW, 'dec-1', { replay: replayOptionOf(stored!) }) as PlanOk;
    expect(r.route).toBe('strong');
  });
});
