import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { armFor, experimentFor } from '../../src/engine/experiment.js';
import { plan } from '../../src/engine/plan.js';
import { initialState, type RequestFacts } from '../../src/engine/types.js';
import { ok } from './plan-fixture.js';

function load(yaml: string): Config {
  const r = parseConfig(yaml, 'test.yaml', {});
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.config;
}

const config = load(`
providers:
  sim: { type: simulated }
  alt: { type: simulated }
routes:
  main: { strategy: ordered, targets: [sim/a, sim/b] }
experiments:
  cheap-b:
    route: main
    split: { a: 50, b: 50 }
    arms:
      a: {}
      b: { targets: [alt/c], strategy: cheapest, weights: { cost: 2, latency: 1, quality: 0 } }
`);

const facts = (session?: string): RequestFacts => ({
  model: 'main',
  headers: session === undefined ? {} : { 'x-router-session': session },
  clientFormat: 'openai',
  stream: false,
  lastUserText: 'hello',
  systemText: '',
  textChars: 5,
  imageCount: 0,
  toolCount: 0,
  toolsChars: 0,
});
const NOW = Date.UTC(2026, 0, 10);

describe('experiment assignment', () => {
  it('splits 1,000 sessions 50/50 within 45-55%, and a session never changes arm', () => {
    const experiment = config.experiments!['cheap-b']!;
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 1000; i++) {
      const session = `session-${i}`;
      const first = ok(plan(facts(session), initialState(), config, NOW, `d-${i}-1`));
      counts[first.experiment!.arm]! += 1;
      // Later requests of the session (200 sessions are plenty): other decision ids, later times, another state.
      for (let k = 2; k <= (i < 200 ? 4 : 1); k++) {
        const later = ok(plan(facts(session), { ...initialState(), shadow: k === 4 }, config, NOW + k * 60_000, `d-${i}-${k}`));
        expect(later.experiment?.arm).toBe(first.experiment!.arm);
      }
      expect(armFor(experiment, session)).toBe(first.experiment!.arm);
    }
    expect(counts.a! / 1000).toBeGreaterThanOrEqual(0.45);
    expect(counts.a! / 1000).toBeLessThanOrEqual(0.55);
  });

  it('follows an uneven split too (10/90 over 2,000 keys)', () => {
    const e = { ...config.experiments!['cheap-b']!, split: { a: 10, b: 90 } };
    const a = Array.from({ length: 2000 }, (_, i) => armFor(e, `k${i}`)).filter((arm) => arm === 'a').length;
    expect(a / 2000).toBeGreaterThan(0.08);
    expect(a / 2000).toBeLessThan(0.12);
  });

  it("applies the arm's targets and strategy, and records the arm and weights in the trace", () => {
    const inB = Array.from({ length: 50 }, (_, i) => `s${i}`).find((s) => armFor(config.experiments!['cheap-b']!, s) === 'b')!;
    const p = ok(plan(facts(inB), initialState(), config, NOW, 'd-b'));
    expect(p.attempts.map((t) => t.id)).toEqual(['alt/c']);
    expect(p.trace.strategy).toBe('cheapest');
    expect(p.trace.experiment).toEqual({ id: 'cheap-b', arm: 'b', key: 'session' });
    const inA = Array.from({ length: 50 }, (_, i) => `s${i}`).find((s) => armFor(config.experiments!['cheap-b']!, s) === 'a')!;
    const q = ok(plan(facts(inA), initialState(), config, NOW, 'd-a'));
    expect(q.attempts.map((t) => t.id)).toEqual(['sim/a', 'sim/b']);
    expect(q.trace.experiment?.arm).toBe('a');
  });

  it('hashes the decision id when there is no session header', () => {
    const p = ok(plan(facts(), initialState(), config, NOW, 'd-no-session'));
    expect(p.trace.experiment?.key).toBe('decision');
    expect(p.trace.experiment?.arm).toBe(armFor(config.experiments!['cheap-b']!, 'd-no-session'));
  });

  it('stops at `until`: the route plans as configured again', () => {
    const ended = load(`
providers: { sim: { type: simulated } }
routes: { main: { strategy: ordered, targets: [sim/a, sim/b] } }
experiments:
  old: { route: main, until: "2026-01-01", split: { x: 100 }, arms: { x: { targets: [sim/b] } } }
`);
    expect(experimentFor(ended.experiments, 'main', Date.UTC(2025, 11, 31))?.id).toBe('old');
    const p = ok(plan(facts('s'), initialState(), ended, NOW, 'd-1'));
    expect(p.trace.experiment).toBeUndefined();
    expect(p.attempts.map((t) => t.id)).toEqual(['sim/a', 'sim/b']);
  });

  it.each([
    ['a split that does not add up to 100', 'split: { a: 50, b: 40 }', /adds up to 90/],
    ['a split naming an unknown arm', 'split: { a: 50, z: 50 }', /not under arms/],
    ['an unknown route', 'split: { a: 50, b: 50 }\n    route: nope', /unknown route "nope"/],
  ])('refuses %s', (_, line, message) => {
    const yaml = `
providers: { sim: { type: simulated } }
routes: { main: { targets: [sim/a] } }
experiments:
  e:
    ${line.includes('route:') ? '' : 'route: main\n    '}${line}
    arms: { a: {}, b: {} }
`;
    const r = parseConfig(yaml, 'x.yaml', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.message).join('\n')).toMatch(message);
  });
});
