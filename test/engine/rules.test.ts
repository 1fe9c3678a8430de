import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/config/schema.js';
import type { RuleInput } from '../../src/engine/rules.js';
import { compileRule, evaluateRules, ruleMatches, ruleSet } from '../../src/engine/rules.js';
import { rule } from './config-fixture.js';

// Wednesday 2025-01-01, 23:30 UTC.
const NOW = Date.parse('2025-01-01T23:30:00Z');
const input: RuleInput = {
  intent: 'code',
  difficulty: 'hard',
  tier: 'strong',
  route: 'main',
  model: 'claude-3-5-sonnet-20241022',
  headers: { 'x-team': 'ml', 'user-agent': 'aider/0.80' },
  tokens: 5_000,
  toolCount: 2,
  imageCount: 0,
  systemText: 'You are Claude Code, an interactive CLI tool.',
  now: NOW,
  tzOffsetMinutes: 0,
  rating: 0.4,
};

const matches = (when: Rule['when'], extra: Partial<RuleInput> = {}) =>
  ruleMatches(compileRule(rule({ when, then: {} }), 't'), { ...input, ...extra });

describe('conditions', () => {
  it.each<[string, Rule['when'], Partial<RuleInput>, boolean]>([
    ['empty when matches everything', {}, {}, true],
    ['intent', { intent: 'code' }, {}, true],
    ['intent list', { intent: ['creative', 'analysis'] }, {}, false],
    ['intent not assessed never matches', { intent: 'code' }, { intent: undefined }, false],
    ['tier', { tier: ['strong', 'premium'] }, {}, true],
    ['difficulty', { difficulty: 'easy' }, {}, false],
    ['route', { route: 'main' }, {}, true],
    ['route when none resolved', { route: 'main' }, { route: null }, false],
    ['model exact, case-insensitive', { model: 'CLAUDE-3-5-SONNET-20241022' }, {}, true],
    ['model glob', { model: 'claude-3-5-*' }, {}, true],
    ['model glob is anchored', { model: 'sonnet*' }, {}, false],
    ['model dots are literal', { model: 'claude-3.5-*' }, {}, false],
    ['header value', { header: { 'x-team': 'ml' } }, {}, true],
    ['header name case-insensitive', { header: { 'X-Team': 'ml' } }, {}, true],
    ['header value mismatch', { header: { 'x-team': 'web' } }, {}, false],
    ['header present (*)', { header: { 'user-agent': '*' } }, {}, true],
    ['header absent (*)', { header: { 'x-missing': '*' } }, {}, false],
    ['tokensOver is strict', { tokensOver: 5_000 }, {}, false],
    ['tokensOver', { tokensOver: 4_999 }, {}, true],
    ['tokensUnder is strict', { tokensUnder: 5_000 }, {}, false],
    ['hasTools true', { hasTools: true }, {}, true],
    ['hasTools false', { hasTools: false }, {}, false],
    ['hasImages false', { hasImages: false }, {}, true],
    ['systemMatches regex, case-insensitive', { systemMatches: 'claude\\s+code' }, {}, true],
    ['systemMatches miss', { systemMatches: '^You are Codex' }, {}, false],
    ['systemMatches that does not compile never matches', { systemMatches: '(' }, {}, false],
    [
      'systemMatches reads only the head of a huge system prompt',
      { systemMatches: 'needle' },
      { systemText: `${'x'.repeat(5_000)} needle` },
      false,
    ],
    ['hours wrapping midnight, inside', { hours: '22:00-06:00' }, {}, true],
    ['hours wrapping midnight, outside', { hours: '06:00-22:00' }, {}, false],
    ['hours in local time (UTC+2: 01:30)', { hours: '01:00-02:00' }, { tzOffsetMinutes: 120 }, true],
    ['days (UTC wednesday)', { days: ['wed'] }, {}, true],
    ['days in local time (UTC+1: thursday)', { days: ['wed'] }, { tzOffsetMinutes: 60 }, false],
    ['ratingBelow', { ratingBelow: 0.5 }, {}, true],
    ['ratingBelow, rating above', { ratingBelow: 0.3 }, {}, false],
    ['ratingBelow skipped without ratings', { ratingBelow: 0.9 }, { rating: undefined }, false],
    ['all conditions must hold', { intent: 'code', hasImages: true }, {}, false],
  ])('%s', (_name, when, extra, expected) => {
    expect(matches(when, extra)).toBe(expected);
  });
});

describe('evaluation', () => {
  const r = (name: string, priority: number, when: Rule['when'], then: Rule['then'], final = false): Rule =>
    rule({ name, priority, when, then, final });

  it('runs in priority order, later keys override earlier, require merges field by field', () => {
    const set = ruleSet(
      [
        r('late', 50, {}, { route: 'b', require: { vision: true } }),
        r('early', 10, {}, { route: 'a', tier: 'strong', require: { tools: true, vision: false } }),
        r('miss', 0, { intent: 'creative' }, { route: 'never' }),
      ],
      undefined,
      null,
    );
    const out = evaluateRules(set, input);
    expect(out.effect).toEqual({ route: 'b', tier: 'strong', require: { tools: true, vision: true } });
    expect(out.fired.map((f) => f.name)).toEqual(['early', 'late']);
    expect(out.setBy).toEqual({ route: 'late', tier: 'early', require: 'late' });
    expect(out.fired[0]?.actions).toEqual(['route=a', 'tier=strong', 'require={"tools":true,"vision":false}']);
  });

  it('final stops evaluation', () => {
    const set = ruleSet([r('first', 1, {}, { route: 'a' }, true), r('second', 2, {}, { route: 'b' })], undefined, null);
    expect(evaluateRules(set, input)).toMatchObject({ effect: { route: 'a' }, fired: [{ name: 'first' }] });
  });

  it('ties keep file order, global rules before route rules; unnamed rules get their path', () => {
    const global: Rule[] = [rule({ priority: 5, then: { tier: 'basic' } })];
    const own: Rule[] = [rule({ priority: 5, then: { tier: 'premium' } })];
    const out = evaluateRules(ruleSet(global, own, 'main'), input);
    expect(out.fired.map((f) => f.name)).toEqual(['rules[0]', 'routes.main.rules[0]']);
    expect(out.effect.tier).toBe('premium');
  });

  it('compiles each rule object once (cached by identity)', () => {
    const one = rule({ when: { systemMatches: 'x' }, then: {} });
    expect(compileRule(one, 'a')).toBe(compileRule(one, 'a'));
    expect(compileRule(rule({ when: { systemMatches: 'x' }, then: {} }), 'a')).not.toBe(compileRule(one, 'a'));
  });

  it.each<[string, string[], string, string[]]>([
    ['none of the patterns match', ['codex', 'gemini cli'], 'You are Claude Code', []],
    ['one of them matches', ['codex', 'claude code'], 'You are Claude Code', ['p1']],
    ['back-references are evaluated one by one', ['(a)\\1', 'claude code'], 'aa', ['p0']],
  ])('systemMatches across rules: %s', (_name, patterns, systemText, fired) => {
    const set = ruleSet(
      patterns.map((p, i) => r(`p${i}`, 1, { systemMatches: p }, { tier: 'basic' })),
      undefined,
      null,
    );
    expect(evaluateRules(set, { ...input, systemText }).fired.map((f) => f.name)).toEqual(fired);
  });

  it('needsText only when some rule reads intent, difficulty or tier', () => {
    expect(ruleSet([r('a', 1, { hasTools: true }, {})], undefined, null).needsText).toBe(false);
    expect(ruleSet([r('a', 1, { difficulty: 'hard' }, {})], undefined, null).needsText).toBe(true);
  });
});
