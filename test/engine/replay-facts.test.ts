import { describe, expect, it } from 'vitest';
import { readStoredFacts, storedFacts } from '../../src/engine/replay-facts.js';
import type { TextSummary } from '../../src/engine/text-summary.js';
import { initialState, type RequestFacts } from '../../src/engine/types.js';

const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  model: 'auto',
  headers: {},
  clientFormat: 'openai',
  stream: false,
  lastUserText: 'hi',
  systemText: '',
  textChars: 2,
  imageCount: 0,
  toolCount: 0,
  toolsChars: 0,
  ...over,
});

const summary: TextSummary = {
  chars: 2,
  charsPerToken: 3.5,
  scores: { code: 0, creative: 0, analysis: 0, hard: 0, easy: 3 },
  systemChars: 0,
};

describe('stored facts', () => {
  it('never keeps a credential header, and keeps the ones rules read', () => {
    const headers = {
      authorization: 'Bearer sk-live-123',
      'x-api-key': 'sk-ant-456',
      'x-goog-api-key': 'AIza789',
      cookie: 'session=abc',
      'proxy-authorization': 'Basic Zm9v',
      'x-router-session': 'user-7',
      'x-team': 'search',
      'user-agent': 'claude-cli/1.0',
    };
    const stored = storedFacts(facts({ headers }), initialState(), 0, 0, { summary });
    expect(stored.facts.headers).toEqual({ 'x-router-session': 'user-7', 'x-team': 'search', 'user-agent': 'claude-cli/1.0' });
    expect(JSON.stringify(stored)).not.toMatch(/sk-live|sk-ant|AIza|Zm9v|session=abc/);
  });

  it('keeps no text by default, the redacted heads when kept, and the size for the token estimate', () => {
    const long = 'x'.repeat(50_000);
    const stored = storedFacts(facts({ lastUserText: long, systemText: long, textChars: 100_000 }), initialState(), 0, 0, { summary });
    expect(stored.facts.lastUserText).toBe('');
    expect(stored.facts.systemText).toBe('');
    expect(stored.textKept).toBeUndefined();
    expect(stored.facts.textChars).toBe(100_000);
    const kept = storedFacts(facts(), initialState(), 0, 0, { summary, kept: { user: 'redacted', system: 'sys' } });
    expect(kept).toMatchObject({ textKept: true, facts: { lastUserText: 'redacted', systemText: 'sys' } });
  });

  it('keeps only the state that can still matter: live cooldowns, breakers not closed', () => {
    const state = {
      ...initialState(),
      cooldowns: { 'a/x': { until: 500, reason: 'rate_limit' as const }, 'b/y': { until: 2_000, reason: 'server' as const } },
      breakers: {
        'a/x': { state: 'closed' as const, failures: [1, 2], openCount: 0 },
        'b/y': { state: 'open' as const, failures: [], openUntil: 3_000, openCount: 1 },
      },
      latency: { 'a/x': { ewmaMs: 123.456, ttftEwmaMs: 0, samples: 3 } },
    };
    const stored = storedFacts(facts(), state, 1_000, 60, { summary }, { scope: 'r', arms: { 'a/x': { s: 1, f: 0 } } });
    expect(Object.keys(stored.state.cooldowns)).toEqual(['b/y']);
    expect(Object.keys(stored.state.breakers)).toEqual(['b/y']);
    expect(stored.state.latency['a/x']?.ewmaMs).toBe(123);
    expect(stored).toMatchObject({ v: 2, text: summary, tz: 60, bandit: { r: { 'a/x': { s: 1, f: 0 } } } });
    expect(readStoredFacts(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
    expect(readStoredFacts({ ...stored, v: 99 })).toBeUndefined();
    expect(readStoredFacts({ ...stored, text: undefined })).toBeUndefined();
  });
});
