import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/config/schema.js';
import type { PlanErr, PlanOk, PlanOptions } from '../../src/engine/plan.js';
import { plan } from '../../src/engine/plan.js';
import type { RequestFacts, RouterState } from '../../src/engine/types.js';
import { initialState } from '../../src/engine/types.js';
import type { ConfigInput } from './config-fixture.js';
import { makeConfig, target } from './config-fixture.js';
import { facts } from './facts-fixture.js';

const NOW = Date.parse('2025-01-01T23:30:00Z');
const main = ['groq/llama-3.3-70b', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o'];
const base: ConfigInput = {
  providers: { openai: 'openai', anthropic: 'anthropic', groq: 'openai-compatible', ollama: 'ollama' },
  routes: {
    main: { strategy: 'adaptive', escalate: false, targets: main.map((id) => target(id)) },
    reason: ['openai/o3', 'anthropic/claude-sonnet-4-5'],
    local: ['ollama/llama3.2'],
    mixed: {
      strategy: 'ordered',
      escalate: false,
      targets: [target('openai/gpt-4o'), target('anthropic/claude-sonnet-4-5', { billing: 'subscription' })],
    },
  },
  defaultRoute: 'main',
  failover: { maxAttempts: 4 },
  catalog: {
    'openai/gpt-4o': {
      contextWindow: 128_000,
      maxOutput: 16_384,
      vision: true,
      tools: true,
      reasoning: false,
      tier: 'strong',
      price: { input: 2.5, output: 10 },
    },
    'openai/gpt-4o-mini': {
      contextWindow: 128_000,
      maxOutput: 16_384,
      vision: true,
      tools: true,
      reasoning: false,
      tier: 'basic',
      price: { input: 0.15, output: 0.6 },
    },
    'openai/o3': {
      contextWindow: 200_000,
      maxOutput: 100_000,
      vision: true,
      tools: true,
      reasoning: true,
      tier: 'premium',
      price: { input: 2, output: 8 },
    },
    'anthropic/claude-sonnet-4-5': {
      contextWindow: 200_000,
      maxOutput: 64_000,
      vision: true,
      tools: true,
      reasoning: true,
      tier: 'strong',
      price: { input: 3, output: 15 },
    },
    'groq/llama-3.3-70b': {
      contextWindow: 128_000,
      maxOutput: 32_768,
      vision: false,
      tools: true,
      reasoning: false,
      tier: 'standard',
      price: { input: 0.59, output: 0.79 },
    },
    'ollama/llama3.2': { contextWindow: 8_192, vision: false, tools: true, tier: 'basic' },
  },
};
const withRules = (...rules: Partial<Rule>[]) => makeConfig({ ...base, rules });
const config = makeConfig(base);

function run(f: Partial<RequestFacts>, cfg = config, state: RouterState = initialState(), options: PlanOptions = {}): PlanOk {
  const r = plan(facts(f), state, cfg, NOW, 'd', options);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
}
const order = (r: PlanOk) => r.trace.plannedOrder;
const verdict = (r: PlanOk, id: string) => r.trace.candidates.find((c) => c.target === id);

describe('shortcuts and capabilities', () => {
  it('strips the shortcut and tells the daemon what to send', () => {
    const r = run({ lastUserText: '@vision @long what is in this picture?' });
    expect(r.shortcut).toEqual({ name: 'vision,long', strippedText: 'what is in this picture?' });
    expect(r.trace.shortcut).toBe('vision,long');
    expect(verdict(r, 'groq/llama-3.3-70b')).toMatchObject({ verdict: 'dropped', reason: 'no vision (request has images)' });
  });

  it('images in the request require vision', () => {
    expect(order(run({ imageCount: 1 }))).not.toContain('groq/llama-3.3-70b');
  });

  it('@reasoning keeps reasoning models only and wants the strong tier', () => {
    const r = run({ lastUserText: '@reasoning plan the migration' });
    expect(order(r)).toEqual(['anthropic/claude-sonnet-4-5']);
    expect(r.trace.wantedTier).toBe('strong');
    expect(r.trace.requirements).toMatchObject({ reasoning: true });
  });

  it('when nothing fits, falls back to the unconstrained list and says why', () => {
    const r = run({ model: 'local', lastUserText: '@long summarise' });
    expect(order(r)).toEqual(['ollama/llama3.2']);
    expect(r.trace.notes).toContain('no candidate meets the requirements; falling back to the unconstrained list');
    expect(verdict(r, 'ollama/llama3.2')).toEqual({
      target: 'ollama/llama3.2',
      verdict: 'kept',
      reason: 'context window 8192 < 100000 tokens needed; kept: nothing meets the requirements',
    });
  });

  it('max_tokens beyond a model max output drops it', () => {
    expect(order(run({ model: 'mixed', maxOutputTokens: 20_000 }))).toEqual(['anthropic/claude-sonnet-4-5']);
  });

  it('@fast orders by measured latency whatever the strategy', () => {
    const lat = (ewmaMs: number) => ({ ewmaMs, ttftEwmaMs: 0, samples: 3 });
    const state: RouterState = { ...initialState(), latency: { 'openai/o3': lat(9000), 'anthropic/claude-sonnet-4-5': lat(1200) } };
    const r = run({ model: 'reason', lastUserText: '@fast hi' }, config, state);
    expect(r.trace.strategy).toBe('fastest');
    expect(order(r)).toEqual(['anthropic/claude-sonnet-4-5', 'openai/o3']);
    expect(verdict(r, 'openai/o3')).toMatchObject({ latencyMs: 9000, costUsd: 0.008006 });
  });
});

describe('rules in plan', () => {
  it('a rule can switch the route', () => {
    const r = run(
      { lastUserText: 'Fix the bug in this function and add unit tests' },
      withRules({ name: 'code-to-reason', when: { intent: 'code' }, then: { route: 'reason' } }),
    );
    expect(r.route).toBe('reason');
    expect(r.trace).toMatchObject({
      resolution: 'rule',
      via: 'code-to-reason',
      rulesFired: [{ name: 'code-to-reason', priority: 100, actions: ['route=reason'] }],
    });
    expect(r.trace.signals).toMatchObject({ intent: 'code', difficulty: 'standard' });
  });

  it('x-router-route beats rule route actions', () => {
    const r = run({ routeHeader: 'local' }, withRules({ name: 'all', then: { route: 'reason' } }));
    expect(r.route).toBe('local');
    expect(r.trace.notes).toContain('x-router-route given: rule route/target actions ignored');
  });

  it('a rule can map an unknown client model name', () => {
    const r = run(
      { model: 'claude-3-5-sonnet-latest' },
      withRules({ name: 'claude-names', when: { model: 'claude-*' }, then: { route: 'reason' } }),
    );
    expect(r).toMatchObject({ route: 'reason', trace: { resolution: 'rule', via: 'claude-names' } });
    const miss = plan(
      facts({ model: 'gpt-5' }),
      initialState(),
      withRules({ when: { model: 'claude-*' }, then: { route: 'reason' } }),
      NOW,
      'd',
    ) as PlanErr;
    expect(miss).toMatchObject({ ok: false, code: 'model_not_found' });
  });

  it('a rule target goes first', () => {
    const r = run({}, withRules({ name: 'pin', then: { target: 'openai/o3' } }));
    expect(order(r)[0]).toBe('openai/o3');
    expect(verdict(r, 'openai/o3')).toMatchObject({ verdict: 'promoted', reason: expect.stringMatching(/^forced by rule pin/) });
  });

  it.each<[string, Rule['then'], string[]]>([
    ['excludeProviders', { excludeProviders: ['groq', 'openai'] }, ['anthropic/claude-sonnet-4-5']],
    ['requireProvider', { requireProvider: 'openai' }, ['openai/gpt-4o-mini', 'openai/gpt-4o']],
    ['billing', { billing: 'subscription' }, ['anthropic/claude-sonnet-4-5']],
    ['require', { require: { minContext: 150_000 } }, ['anthropic/claude-sonnet-4-5']],
  ])('policy action %s', (_name, then, expected) => {
    const r = run({ model: _name === 'billing' ? 'mixed' : 'main' }, withRules({ then }));
    expect(order(r).slice().sort()).toEqual(expected.slice().sort());
  });

  it('provider filters that leave nothing are ignored, with a note', () => {
    const r = run({ model: 'local' }, withRules({ then: { requireProvider: 'openai' } }));
    expect(order(r)).toEqual(['ollama/llama3.2']);
    expect(r.trace.notes).toContain('rules excluded every candidate; ignoring their provider and billing filters');
  });

  it('preferProviders promotes, a wanted tier demotes weaker models', () => {
    const r = run({ model: 'main' }, withRules({ name: 'p', then: { preferProviders: ['openai'], tier: 'strong' } }));
    expect(order(r)).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'groq/llama-3.3-70b']);
    expect(verdict(r, 'openai/gpt-4o-mini')?.verdict).toBe('promoted');
    expect(verdict(r, 'groq/llama-3.3-70b')).toMatchObject({
      verdict: 'demoted',
      reason: expect.stringMatching(/^tier standard below wanted strong/),
    });
  });

  it('a requested direct target stays first even against preferred providers', () => {
    const r = run({ model: 'openai/gpt-4o-mini' }, withRules({ then: { preferProviders: ['anthropic'] } }));
    expect(order(r)).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o']);
    expect(verdict(r, 'openai/gpt-4o-mini')).toMatchObject({ verdict: 'promoted', reason: 'requested by name' });
  });

  it('hours are read in the given time zone, and the trace says which', () => {
    const night = withRules({ name: 'night', when: { hours: '00:00-06:00' }, then: { route: 'local' } });
    expect(run({}, night).route).toBe('main');
    const local = run({}, night, initialState(), { tzOffsetMinutes: 120 });
    expect(local.route).toBe('local');
    expect(local.trace.signals?.timezone).toBe('UTC+02:00');
  });

  it('intent and difficulty are only analysed when a rule needs them, or when asked', () => {
    expect(run({ lastUserText: 'write a poem' }).trace.signals).toEqual({ tokens: 4, contextClass: 'short', timezone: 'UTC' });
    expect(run({ lastUserText: 'write me a poem' }, config, initialState(), { analyze: true }).trace.signals).toMatchObject({
      intent: 'creative',
      difficulty: 'standard',
    });
  });
});

describe('shadow mode and budgets', () => {
  const lat = (ewmaMs: number) => ({ ewmaMs, ttftEwmaMs: 0, samples: 3 });
  const latency = {
    'groq/llama-3.3-70b': lat(4000),
    'openai/gpt-4o-mini': lat(3000),
    'anthropic/claude-sonnet-4-5': lat(500),
    'openai/gpt-4o': lat(900),
  };

  it('adaptive order when live', () => {
    expect(order(run({}, config, { ...initialState(), latency }))).toEqual([
      'anthropic/claude-sonnet-4-5',
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
      'groq/llama-3.3-70b',
    ]);
  });

  it('shadow mode routes in config order and records the adaptive order', () => {
    const r = run({}, config, { ...initialState(), latency, shadow: true });
    expect(order(r)).toEqual(main);
    expect(r.trace.shadowOrder).toEqual(['anthropic/claude-sonnet-4-5', 'openai/gpt-4o', 'openai/gpt-4o-mini', 'groq/llama-3.3-70b']);
    expect(r.trace.notes).toContain('shadow mode: routed in config order; the adaptive order is recorded as shadowOrder');
  });

  it('pressure promotes and demotes providers in adaptive routes', () => {
    const r = run({}, config, { ...initialState(), latency, pressure: { anthropic: 'demoted', groq: 'promoted' } });
    expect(order(r)).toEqual(['groq/llama-3.3-70b', 'openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']);
    expect(verdict(r, 'anthropic/claude-sonnet-4-5')?.verdict).toBe('demoted');
    expect(verdict(r, 'groq/llama-3.3-70b')?.verdict).toBe('promoted');
  });

  it('blocked providers are dropped; when all are blocked the plan says so', () => {
    const some = run({}, config, { ...initialState(), pressure: { openai: 'blocked' } });
    expect(order(some)).toEqual(['groq/llama-3.3-70b', 'anthropic/claude-sonnet-4-5']);
    const blocked = 'every candidate is blocked by budget/UVI; routing through them anyway rather than refusing the request';
    expect(some.trace.notes).not.toContain(blocked);
    const all = run({ model: 'reason' }, config, { ...initialState(), pressure: { openai: 'blocked', anthropic: 'blocked' } });
    expect(all.trace.notes).toContain(blocked);
    expect(order(all)).toEqual(['openai/o3', 'anthropic/claude-sonnet-4-5']);
  });
});
