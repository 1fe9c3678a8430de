// dashboards/grafana.json against a real daemon's /metrics: after traffic with a failover, an open
// circuit, spend and a stream, every metric any panel or variable queries is exported with at least
// one series; every expression parses as PromQL; the file is a dashboard Grafana imports (panels with
// targets on the Prometheus datasource variable, the panels the issue asks for).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { metricNames } from '../helpers/promql.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: string | { query: string } }> };
}

const dashboard = JSON.parse(readFileSync(new URL('../../dashboards/grafana.json', import.meta.url), 'utf8')) as Dashboard;
const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');
const expressions = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
/** A query variable's `label_values(metric, label)` reads a metric too. */
const variableMetrics = dashboard.templating.list.flatMap((v) => {
  const q = typeof v.query === 'string' ? v.query : v.query.query;
  const m = /^label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*\w+\s*\)$/.exec(q);
  return v.type === 'query' ? [m?.[1] ?? `unparsed variable query: ${q}`] : [];
});

describe('grafana.json is a dashboard', () => {
  it('has a Prometheus datasource variable that every panel and target uses', () => {
    const ds = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(ds).toMatchObject({ name: 'datasource', query: 'prometheus' });
    expect(dashboard.uid).toBeTruthy();
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    for (const p of queryPanels) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource, p.title).toEqual(p.datasource);
      expect(new Set(p.targets?.map((t) => t.refId)).size, p.title).toBe(p.targets?.length);
    }
  });

  it('has unique panel ids and every panel inside the 24-column grid', () => {
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      expect(p.gridPos.w * p.gridPos.h, p.title).toBeGreaterThan(0);
    }
  });

  it('has the panels the issue asks for, at least six', () => {
    expect(queryPanels.length).toBeGreaterThanOrEqual(6);
    const uses = (metric: string) => queryPanels.filter((p) => p.targets?.some((t) => t.expr.includes(metric))).map((p) => p.title);
    expect(uses('router_requests_total').some((t) => /by route/.test(t))).toBe(true);
    expect(uses('router_errors_total').some((t) => /by class/.test(t))).toBe(true);
    expect(uses('router_request_duration_seconds_bucket').some((t) => /latency by target/i.test(t))).toBe(true);
    expect(uses('router_time_to_first_token_seconds_bucket').some((t) => /first token by target/i.test(t))).toBe(true);
    expect(uses('router_failovers_total').length).toBeGreaterThan(0);
    expect(uses('router_spend_usd_total').length).toBeGreaterThan(0);
    expect(uses('router_circuit_open').length).toBeGreaterThan(0);
  });

  it('every expression parses as PromQL', () => {
    for (const { panel, expr } of expressions) expect(() => metricNames(expr), `${panel}: ${expr}`).not.toThrow();
  });

  it.each([
    ['sum(rate(router_requests_total[5m])', /end/],
    ['rate(router_requests_total{route="a"[5m])', /expected/],
    ['histogram_quantil(0.5, router_request_duration_seconds_bucket)', /unknown function/],
    ['sum by (route (rate(router_requests_total[5m]))', /expected|unexpected/],
    ['router_requests_total{route=a}', /quoted/],
  ])('the parser rejects %s', (expr, why) => {
    expect(() => metricNames(expr)).toThrow(why);
  });

  it('the parser finds the metrics an expression reads, not its functions or labels', () => {
    expect([
      ...metricNames(
        'max by (provider, period) (router_budget_spent_usd{instance=~"$instance"}) / on (provider) group_left max(router_budget_limit_usd offset 1h) or vector(0)',
      ),
    ]).toEqual(['router_budget_spent_usd', 'router_budget_limit_usd']);
  });
});

describe('grafana.json queries only what /metrics exports', () => {
  let a: FakeUpstream;
  let b: FakeUpstream;
  let d: RunningDaemon;
  let exposition = '';

  beforeAll(async () => {
    [a, b] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
    a.script({ kind: 'status', status: 503 });
    d = await startDaemon(`
providers:
  a: { type: openai-compatible, baseUrl: "${a.url}" }
  b: { type: openai-compatible, baseUrl: "${b.url}" }
models:
  "b/model-b": { price: { input: 1, output: 2 } }
routes:
  main: { strategy: ordered, targets: [a/model-a, b/model-b] }
circuit: { failures: 1, windowSeconds: 60, openSeconds: 60 }
budgets:
  b: { daily: 5, monthly: 50 }
`);
    // A's 503 opens its circuit and fails over to B; then a stream (time to first token) goes to B directly.
    for (const stream of [false, true]) {
      const r = await fetch(`${d.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'auto', stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(r.status).toBe(200);
      await r.text();
    }
    // Budgets reach the state (and their gauges) when the spend service next looks.
    await waitFor(async () => {
      exposition = await (await fetch(`${d.url}/metrics`)).text();
      return /^router_budget_spent_usd\{/m.test(exposition);
    });
  });

  afterAll(async () => {
    await d?.stop();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('every metric a panel or variable reads has a series after the traffic', () => {
    const samples = new Set(
      exposition
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => /^[a-zA-Z_:][\w:]*/.exec(l)![0]),
    );
    const used = new Set([...expressions.flatMap(({ expr }) => [...metricNames(expr)]), ...variableMetrics]);
    expect(used.size).toBeGreaterThanOrEqual(10);
    expect([...used].filter((name) => !samples.has(name))).toEqual([]);
  });

  it('the traffic shows where the panels look: a failover, an open circuit, spend', () => {
    expect(exposition).toMatch(/^router_failovers_total\{route="main"\} 1$/m);
    expect(exposition).toMatch(/^router_circuit_open\{target="a\/model-a"\} 1$/m);
    expect(exposition).toMatch(/^router_errors_total\{class="server"\} 1$/m);
    expect(exposition).toMatch(/^router_spend_usd_total\{provider="b",model="model-b"\} [0-9.e-]+$/m);
    expect(exposition).toMatch(/^router_time_to_first_token_seconds_count\{provider="b",model="model-b",route="main"\} 1$/m);
    expect(exposition).toMatch(/^router_budget_limit_usd\{provider="b",period="day"\} 5$/m);
  });
});
