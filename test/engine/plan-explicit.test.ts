// A client that names provider/model gets that model or a reason, never another model's answer;
// and capabilities the catalog does not state rank below capabilities it does.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan.js';
import type { RequestFacts } from '../../src/engine/types.js';
import { initialState } from '../../src/engine/types.js';
import type { ConfigInput } from './config-fixture.js';
import { makeConfig } from './config-fixture.js';
import { facts } from './facts-fixture.js';
import { err, ok } from './plan-fixture.js';

const NOW = 1_700_000_000_000;
const base: ConfigInput = {
  providers: { work: 'openai', an: 'anthropic' },
  routes: {
    main: ['work/gpt-4o', 'an/claude-sonnet-4-5'],
    odd: ['work/mystery', 'work/gpt-4o'],
    unknowns: ['work/mystery', 'work/enigma'],
  },
  defaultRoute: 'main',
  catalog: {
    // Keyed by vendor, not by a configured provider: the catalog knows models no provider serves here.
    'openai/gpt-4o': {
      contextWindow: 128_000,
      vision: true,
      tools: true,
      reasoning: false,
      tier: 'strong',
      price: { input: 2.5, output: 10 },
    },
    'openai/gpt-3.5-turbo': { contextWindow: 16_385, maxOutput: 4_096, vision: false, tools: true, reasoning: false, tier: 'basic' },
    'work/gpt-3.5-turbo': { contextWindow: 16_385, maxOutput: 4_096, vision: false, tools: true, reasoning: false, tier: 'basic' },
    'work/gpt-4o': { contextWindow: 128_000, vision: true, tools: true, reasoning: true, tier: 'strong' },
    'an/claude-sonnet-4-5': { contextWindow: 200_000, vision: true, tools: true, reasoning: true, tier: 'strong' },
    'work/mystery': { tier: 'standard' },
  },
};
const config = makeConfig(base);

const run = (f: Partial<RequestFacts>) => plan(facts(f), initialState(), config, NOW, 'd');

describe('an explicit provider/model', () => {
  it('whose provider is not configured is a 404, even when the catalog knows the model', () => {
    const r = err(run({ model: 'openai/gpt-4o' }));
    expect(r).toMatchObject({ status: 404, code: 'model_not_found' });
    expect(r.message).toBe('unknown model "openai/gpt-4o": provider "openai" is not configured');
  });

  it.each<[string, Partial<RequestFacts>, string]>([
    ['an image to a model without vision', { imageCount: 1 }, 'work/gpt-3.5-turbo: no vision (request has images)'],
    ['@reasoning to a model that does not reason', { lastUserText: '@reasoning think' }, 'work/gpt-3.5-turbo: not a reasoning model'],
    ['max_tokens beyond its max output', { maxOutputTokens: 8_000 }, 'work/gpt-3.5-turbo: max output 4096 < 8000 requested'],
  ])('that the constraints drop is refused with the reason: %s', (_n, extra, message) => {
    expect(err(run({ model: 'work/gpt-3.5-turbo', ...extra }))).toMatchObject({ ok: false, status: 400, code: 'invalid_request', message });
  });

  it('is kept when only the token estimate says its window is small (the upstream decides)', () => {
    const r = ok(run({ model: 'work/gpt-3.5-turbo', textChars: 100_000 }));
    expect(r.attempts[0]?.id).toBe('work/gpt-3.5-turbo');
  });

  it('that meets the constraints goes first, its failover after it', () => {
    expect(ok(run({ model: 'work/gpt-4o', imageCount: 1 })).trace.plannedOrder).toEqual(['work/gpt-4o', 'an/claude-sonnet-4-5']);
  });

  it('with unknown capabilities is tried as asked', () => {
    expect(ok(run({ model: 'work/mystery', imageCount: 1 })).attempts[0]?.id).toBe('work/mystery');
  });
});

describe('unknown capabilities', () => {
  it.each<[string, Partial<RequestFacts>, string]>([
    ['@vision', { model: 'odd', lastUserText: '@vision look' }, 'vision'],
    ['an image', { model: 'odd', imageCount: 1 }, 'vision'],
    ['@reasoning', { model: 'odd', lastUserText: '@reasoning think' }, 'reasoning'],
  ])('rank below known ones for %s: the unknown model is dropped', (_n, f, what) => {
    const r = ok(run(f));
    expect(r.trace.plannedOrder).toEqual(['work/gpt-4o']);
    expect(r.trace.candidates.find((c) => c.target === 'work/mystery')).toMatchObject({
      verdict: 'dropped',
      reason: `${what} unknown; a model known to have it is available`,
    });
  });

  it('are used when no model is known to have the capability, with a note', () => {
    const r = ok(run({ model: 'unknowns', lastUserText: '@vision look' }));
    expect(r.trace.plannedOrder).toEqual(['work/mystery', 'work/enigma']);
    expect(r.trace.notes).toContain('no candidate is known to have vision; trying models whose capabilities are unknown');
  });
});
