// The Prometheus text exposition the daemon renders for /metrics: one series per label set,
// escaped label values, cumulative histogram buckets ending in +Inf, then _sum and _count.
import { describe, expect, it } from 'vitest';
import { Counter, createMetrics, Gauge, Histogram, type GaugeRow } from '../../src/daemon/metrics.js';

describe('metrics exposition', () => {
  it('counts per label set and escapes label values', () => {
    const c = new Counter('x_total', 'Things.', ['route', 'status']);
    c.inc('main', '2xx');
    c.inc('main', '2xx');
    c.inc('we"ird\\\nroute', '5xx');
    expect(c.render()).toBe(
      '# HELP x_total Things.\n# TYPE x_total counter\n' +
        'x_total{route="main",status="2xx"} 2\n' +
        'x_total{route="we\\"ird\\\\\\nroute",status="5xx"} 1\n',
    );
  });

  it('keeps label sets apart however they interleave (the last two series are reused)', () => {
    const c = new Counter('t_total', 'Tokens.', ['p', 'd']);
    const calls: [string, string][] = [
      ['a', 'in'],
      ['a', 'out'],
      ['a', 'in'],
      ['b', 'in'],
      ['a', 'out'],
      ['a', 'in'],
      ['a', 'in'],
      ['b', 'out'],
      ['b', 'in'],
    ];
    const expected = new Map<string, number>();
    for (const [p, d] of calls) {
      // A fresh string each time, as labels built per request are.
      c.add(2, p, `${d}`.slice(0));
      expected.set(`t_total{p="${p}",d="${d}"}`, (expected.get(`t_total{p="${p}",d="${d}"}`) ?? 0) + 2);
    }
    const rendered = c.render();
    for (const [series, value] of expected) expect(rendered).toContain(`${series} ${value}\n`);
    expect(rendered.trim().split('\n')).toHaveLength(2 + expected.size);
  });

  it('renders cumulative buckets, +Inf, sum and count; a bound is inclusive', () => {
    const h = new Histogram('lat_seconds', 'Latency.', ['p'], [0.1, 1]);
    for (const v of [0.05, 0.1, 0.5, 3]) h.observe(v, 'a');
    expect(h.render()).toBe(
      '# HELP lat_seconds Latency.\n# TYPE lat_seconds histogram\n' +
        'lat_seconds_bucket{p="a",le="0.1"} 2\n' +
        'lat_seconds_bucket{p="a",le="1"} 3\n' +
        'lat_seconds_bucket{p="a",le="+Inf"} 4\n' +
        'lat_seconds_sum{p="a"} 3.65\n' +
        'lat_seconds_count{p="a"} 4\n',
    );
  });

  it('adds amounts to a counter and reads gauges when rendered', () => {
    const c = new Counter('spend_total', 'Spend.', ['p']);
    c.add(0.25, 'a');
    c.add(0.5, 'a');
    let open: GaugeRow = [['x/m'], 1];
    const g = new Gauge('open', 'Open.', ['target'], () => [open]);
    expect(c.render()).toContain('spend_total{p="a"} 0.75\n');
    expect(g.render()).toBe('# HELP open Open.\n# TYPE open gauge\nopen{target="x/m"} 1\n');
    open = [['y/m'], 0.5];
    expect(g.render()).toContain('open{target="y/m"} 0.5\n');
  });

  it('lists every metric family, with or without series', () => {
    const m = createMetrics();
    m.requests.inc('main', '2xx');
    const text = m.render();
    for (const name of [
      'router_requests_total',
      'router_attempts_total',
      'router_failovers_total',
      'router_errors_total',
      'router_request_duration_seconds',
      'router_time_to_first_token_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('router_requests_total{route="main",status="2xx"} 1\n');
    expect(m.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});
