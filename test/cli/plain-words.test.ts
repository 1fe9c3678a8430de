// What people read: singular and plural, an explain "why" that always says something, and status
// that names the config state in words. Pure renderings, no daemon.
import { describe, expect, it } from 'vitest';
import { explainText } from '../../src/cli/render/explain.js';
import { statsText } from '../../src/cli/render/stats.js';
import { statusBlock, statusLine } from '../../src/cli/render/status.js';
import { plural } from '../../src/cli/render/words.js';
import type { DecisionTrace } from '../../src/engine/trace.js';
import type { StatsDTO, StatsRowDTO, StatusDTO } from '../../src/protocol/index.js';

process.env.NO_COLOR = '1';

describe('plural', () => {
  it.each([
    [0, 'route', '0 routes'],
    [1, 'route', '1 route'],
    [2, 'route', '2 routes'],
    [1, 'in-flight request', '1 in-flight request'],
  ])('%i %s', (n, noun, text) => expect(plural(n, noun)).toBe(text));
});

describe('router explain', () => {
  it('the why column says something for every candidate, also an untouched one', () => {
    const trace = {
      id: 'd1',
      at: 0,
      requestedModel: 'auto',
      route: 'main',
      resolution: 'active',
      strategy: 'ordered',
      rulesFired: [],
      notes: [],
      candidates: [
        { target: 'a/one', verdict: 'kept', reason: '' },
        { target: 'b/two', verdict: 'dropped', reason: 'no vision' },
        { target: 'c/three', verdict: 'promoted', reason: '' },
      ],
      plannedOrder: ['c/three', 'a/one'],
    } as unknown as DecisionTrace;
    const rows = explainText({ decisionId: 'd1', at: '2026-01-01T00:00:00Z', trace }).split('\n');
    expect(rows.find((l) => l.includes('a/one') && l.includes('kept'))).toMatch(/kept\s+.*meets every requirement/);
    expect(rows.find((l) => l.includes('c/three') && l.includes('promoted'))).toMatch(/promoted\s+.*moved up/);
    expect(rows.find((l) => l.includes('b/two'))).toMatch(/dropped\s+.*no vision/);
  });
});

describe('router stats', () => {
  it('one request is "1 request"', () => {
    const row: StatsRowDTO = {
      key: 'a/one',
      requests: 1,
      ok: 1,
      errors: 0,
      aborted: 0,
      successPct: 100,
      failovers: 0,
      failoverPct: 0,
      latencyP50Ms: 5,
      latencyP95Ms: 5,
      ttftP50Ms: null,
      ttftP95Ms: null,
      tokensIn: 1,
      tokensOut: 1,
      costUsd: 0,
    } as StatsRowDTO;
    const s = {
      from: 'a',
      to: 'b',
      route: null,
      by: 'model',
      tzOffsetMinutes: 0,
      totals: row,
      rows: [row],
      composition: [{ day: '2026-01-01', requests: 1, shares: [] }],
      drift: { requests: 1, failedOver: 1, unanswered: 0, pairs: [], topErrors: [] },
      distributions: [],
    } as unknown as StatsDTO;
    const text = statsText(s);
    expect(text).toContain('\n1 request, 100% ok');
    expect(text).toContain('2026-01-01  1 request\n');
    expect(text).toContain('1 request left its first choice');
  });
});

describe('router status', () => {
  const base: StatusDTO = {
    pid: 1,
    version: '0',
    protocolVersion: 1,
    startedAt: '',
    uptimeSeconds: 1,
    configPath: '/c/config.yaml',
    configWatched: '/c/config.yaml',
    launch: { config: null, listen: null },
    listen: '127.0.0.1:4141',
    listenPending: null,
    socket: '/s',
    db: '/d',
    routes: 1,
    activeRoute: 'default',
    currentTarget: 'sim/echo',
    configError: null,
    warnings: ['w'],
    cooldowns: [],
    openCircuits: [],
    shadow: false,
    uvi: { enabled: false, hard: false },
    inFlight: 0,
  };

  it('names the demo config, the first error of a refusal, and a listen that needs a restart', () => {
    expect(statusLine(base)).toContain('1 warning ·');
    const demo = { ...base, configPath: null };
    expect(statusLine(demo)).toContain('demo config (no config file at /c/config.yaml)');
    expect(statusBlock(demo)).toMatch(/^config\s+demo config \(no config file at \/c\/config\.yaml\)$/m);
    const refused = {
      ...base,
      configError: {
        at: 't',
        problems: ['/c/config.yaml:2:3 warning: listed twice', '/c/config.yaml:6:5 bad strategy'],
        firstError: '/c/config.yaml:6:5 bad strategy',
      },
    };
    expect(statusLine(refused)).toContain('config refused: /c/config.yaml:6:5 bad strategy');
    const moved = { ...base, listenPending: '127.0.0.1:5000' };
    expect(statusLine(moved)).toContain('listen 127.0.0.1:5000 takes effect after: router daemon restart');
    expect(statusBlock(moved)).toContain('http://127.0.0.1:4141 (listen 127.0.0.1:5000 takes effect after: router daemon restart)');
  });
});
