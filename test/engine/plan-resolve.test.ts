import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan.js';
import { reduce } from '../../src/engine/reduce.js';
import type { RouterState } from '../../src/engine/types.js';
import { initialState } from '../../src/engine/types.js';
import type { ConfigInput } from './config-fixture.js';
import { makeConfig } from './config-fixture.js';
import { facts } from './facts-fixture.js';
import { err, ok } from './plan-fixture.js';

const T0 = 1_700_000_000_000;
const base: ConfigInput = {
  routes: {
    fast: ['groq/llama-3.3-70b', 'openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5'],
    strong: ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o', 'openrouter/anthropic/claude-sonnet-4-5'],
    local: ['ollama/llama3.2'],
  },
  aliases: { quick: 'fast', pair: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'] },
  defaultRoute: 'strong',
};
const config = makeConfig(base);

describe('model resolution', () => {
  const switched: RouterState = { ...initialState(), activeRoute: 'local' };
  it.each<[string, { model: string; routeHeader?: string }, RouterState, string | null, string, string[]]>([
    [
      'auto -> defaultRoute',
      { model: 'auto' },
      initialState(),
      'strong',
      'active',
      ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o', 'openrouter/anthropic/claude-sonnet-4-5'],
    ],
    [
      'router -> defaultRoute',
      { model: 'router' },
      initialState(),
      'strong',
      'active',
      ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o', 'openrouter/anthropic/claude-sonnet-4-5'],
    ],
    [
      'AUTO is case-insensitive',
      { model: 'AUTO' },
      initialState(),
      'strong',
      'active',
      ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o', 'openrouter/anthropic/claude-sonnet-4-5'],
    ],
    ['auto -> switched route', { model: 'auto' }, switched, 'local', 'active', ['ollama/llama3.2']],
    [
      'route id',
      { model: 'fast' },
      initialState(),
      'fast',
      'route',
      ['groq/llama-3.3-70b', 'openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5'],
    ],
    [
      'alias to a route',
      { model: 'quick' },
      initialState(),
      'fast',
      'alias',
      ['groq/llama-3.3-70b', 'openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5'],
    ],
    ['alias listing targets', { model: 'pair' }, initialState(), null, 'alias', ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5']],
    ['header beats model', { model: 'fast', routeHeader: 'local' }, initialState(), 'local', 'route', ['ollama/llama3.2']],
    [
      'direct target, priority failover after it in the active route',
      { model: 'openai/gpt-4o' },
      initialState(),
      null,
      'direct',
      ['openai/gpt-4o', 'openrouter/anthropic/claude-sonnet-4-5'],
    ],
    [
      'direct target not in the active route: the whole active route follows',
      { model: 'groq/llama-3.3-70b' },
      switched,
      null,
      'direct',
      ['groq/llama-3.3-70b', 'ollama/llama3.2'],
    ],
    [
      'direct target with slashes in the model id',
      { model: 'openrouter/anthropic/claude-sonnet-4-5' },
      initialState(),
      null,
      'direct',
      ['openrouter/anthropic/claude-sonnet-4-5'],
    ],
    [
      'direct unlisted model of a known provider',
      { model: 'openai/o3' },
      initialState(),
      null,
      'direct',
      ['openai/o3', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o'],
    ],
  ])('%s', (_name, request, state, route, resolution, order) => {
    const r = ok(plan(facts(request), state, config, T0, 'd1'));
    expect(r.route).toBe(route);
    expect(r.trace.resolution).toBe(resolution);
    expect(r.attempts.map((t) => t.id)).toEqual(order);
    expect(r.trace.plannedOrder).toEqual(order);
  });

  it.each<[string, ConfigInput['failover'], string[]]>([
    ['priority', { strategy: 'priority' }, ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']],
    ['same-model', { strategy: 'same-model' }, ['openai/gpt-4o-mini']],
    ['none', { strategy: 'none' }, ['openai/gpt-4o-mini']],
  ])('direct failover strategy %s', (_name, failover, order) => {
    const c = makeConfig({ ...base, routes: { ...base.routes, other: ['azure/gpt-4o-mini'] }, defaultRoute: 'fast', failover });
    const expected = failover?.strategy === 'same-model' ? [...order, 'azure/gpt-4o-mini'] : order;
    expect(ok(plan(facts({ model: 'openai/gpt-4o-mini' }), initialState(), c, T0, 'd')).trace.plannedOrder).toEqual(expected);
  });

  it('a switched route that left the config falls back to the default, with a note', () => {
    const r = ok(plan(facts(), { ...initialState(), activeRoute: 'gone' }, config, T0, 'd'));
    expect(r.route).toBe('strong');
    expect(r.trace.notes).toContain('switched route "gone" is no longer in the config; using the default');
  });

  it('without defaultRoute the first route is active', () => {
    const c = makeConfig({ ...base, defaultRoute: undefined });
    expect(ok(plan(facts(), initialState(), c, T0, 'd')).route).toBe('fast');
  });

  it.each<[string, { model: string; routeHeader?: string }, string, string[]]>([
    ['typo of a route', { model: 'fsat' }, 'model_not_found', ['fast']],
    ['prefix of a route', { model: 'stro' }, 'model_not_found', ['strong']],
    ['bare model id suggests its targets', { model: 'gpt-4o' }, 'model_not_found', ['openai/gpt-4o', 'openai/gpt-4o-mini']],
    ['unknown provider', { model: 'mistral/large' }, 'model_not_found', []],
    ['unknown route header', { model: 'auto', routeHeader: 'loacl' }, 'route_not_found', ['local']],
  ])('unknown name: %s', (_name, request, code, suggestions) => {
    const r = err(plan(facts(request), initialState(), config, T0, 'd'));
    expect(r.status).toBe(404);
    expect(r.code).toBe(code);
    expect(r.suggestions).toEqual(suggestions);
  });

  it('auto with no routes at all is a clear error', () => {
    expect(err(plan(facts(), initialState(), makeConfig({}), T0, 'd'))).toMatchObject({
      status: 404,
      code: 'route_not_found',
      message: 'no routes are configured',
    });
  });
});

describe('availability and maxAttempts', () => {
  const fastRoute = makeConfig({ ...base, defaultRoute: 'fast', failover: { maxAttempts: 2 } });
  const coolGroq = reduce(
    initialState(),
    { type: 'attempt.failed', target: 'groq/llama-3.3-70b', errorClass: 'rate_limit' },
    fastRoute,
    T0,
  );

  it('drops targets that cool down and records why', () => {
    const r = ok(plan(facts(), coolGroq, fastRoute, T0 + 1000, 'd'));
    expect(r.trace.plannedOrder).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
    expect(r.trace.candidates).toEqual([
      { target: 'groq/llama-3.3-70b', verdict: 'dropped', reason: 'cooling down after rate_limit until 2023-11-14T22:13:50.000Z' },
      { target: 'openai/gpt-4o-mini', verdict: 'kept', reason: 'kept' },
      { target: 'anthropic/claude-haiku-4-5', verdict: 'kept', reason: 'kept' },
    ]);
  });

  it('truncates to failover.maxAttempts', () => {
    const r = ok(plan(facts(), initialState(), fastRoute, T0, 'd'));
    expect(r.trace.plannedOrder).toEqual(['groq/llama-3.3-70b', 'openai/gpt-4o-mini']);
    expect(r.trace.candidates[2]).toEqual({
      target: 'anthropic/claude-haiku-4-5',
      verdict: 'dropped',
      reason: 'beyond failover.maxAttempts (2)',
    });
  });

  it('when everything is down, still returns the list and says so', () => {
    const down = reduce(initialState(), { type: 'attempt.failed', target: 'ollama/llama3.2', errorClass: 'connect' }, config, T0);
    const r = ok(plan(facts({ model: 'local' }), down, config, T0 + 1, 'd'));
    expect(r.trace.plannedOrder).toEqual(['ollama/llama3.2']);
    expect(r.trace.notes).toContain('every candidate is unavailable; trying them anyway');
  });

  it('the trace is JSON and carries id, time and the request', () => {
    const r = ok(plan(facts({ model: 'quick' }), initialState(), config, T0, 'dec-42'));
    const trace = JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>;
    expect(trace).toMatchObject({ id: 'dec-42', at: T0, requestedModel: 'quick', route: 'fast', resolution: 'alias', via: 'quick' });
  });
});

describe('breakers and ratings in plan', () => {
  const c = makeConfig({ routes: { r: ['a/m', 'b/m'] }, circuit: { failures: 1, windowSeconds: 60, openSeconds: 30 } });
  const open = reduce(initialState(), { type: 'attempt.failed', target: 'a/m', errorClass: 'server' }, c, T0);

  it('skips an open circuit, admits one probe after openSeconds, then skips it while the probe runs', () => {
    expect(ok(plan(facts(), open, c, T0 + 1000, 'd')).trace.plannedOrder).toEqual(['b/m']);
    const due = T0 + 30_000;
    expect(ok(plan(facts(), open, c, due, 'd')).trace.plannedOrder).toEqual(['a/m', 'b/m']);
    const probing = reduce(open, { type: 'attempt.started', target: 'a/m' }, c, due);
    const r = ok(plan(facts(), probing, c, due + 1, 'd'));
    expect(r.trace.plannedOrder).toEqual(['b/m']);
    expect(r.trace.candidates[0]).toMatchObject({ target: 'a/m', verdict: 'dropped', reason: 'circuit half-open, probe in flight' });
  });

  it('ratingBelow reads the ratings of the route first target', () => {
    const rated = makeConfig({
      routes: { r: ['a/m', 'b/m'], backup: ['b/m'] },
      rules: [{ name: 'bad-ratings', when: { ratingBelow: 0.5 }, then: { route: 'backup' } }],
    });
    expect(ok(plan(facts(), initialState(), rated, T0, 'd')).route).toBe('r');
    const state: RouterState = { ...initialState(), ratings: { 'a/m': { good: 1, bad: 3 } } };
    expect(ok(plan(facts(), state, rated, T0, 'd')).route).toBe('backup');
  });

  it('reducer stores pressure and ratings snapshots', () => {
    const s = reduce(
      reduce(initialState(), { type: 'pressure.set', pressure: { a: 'blocked' } }, c, T0),
      { type: 'ratings.set', ratings: { 'a/m': { good: 2, bad: 0 } } },
      c,
      T0,
    );
    expect(s).toMatchObject({ pressure: { a: 'blocked' }, ratings: { 'a/m': { good: 2, bad: 0 } } });
  });

  it('a rule target alone can map an unknown model', () => {
    const pinned = makeConfig({ routes: { r: ['a/m'] }, rules: [{ name: 'pin', when: { model: 'gpt-*' }, then: { target: 'b/m' } }] });
    const r = ok(plan(facts({ model: 'gpt-4o' }), initialState(), pinned, T0, 'd'));
    expect(r.trace).toMatchObject({ resolution: 'rule', via: 'pin', plannedOrder: ['b/m'] });
  });
});
