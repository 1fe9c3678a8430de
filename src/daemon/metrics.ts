// Prometheus metrics for /metrics. Observed once per request/attempt after the response is done,
// never on the byte path.
import { Counter, Histogram, Registry } from 'prom-client';

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createMetrics() {
  const registry = new Registry();
  const m = {
    registry,
    requests: new Counter({ name: 'router_requests_total', help: 'Client requests by route and HTTP status class.', labelNames: ['route', 'status'], registers: [registry] }),
    attempts: new Counter({ name: 'router_attempts_total', help: 'Upstream attempts by provider, model and outcome.', labelNames: ['provider', 'model', 'outcome'], registers: [registry] }),
    failovers: new Counter({ name: 'router_failovers_total', help: 'Requests answered by a target other than the first planned one.', labelNames: ['route'], registers: [registry] }),
    errors: new Counter({ name: 'router_errors_total', help: 'Failed attempts by error class.', labelNames: ['class'], registers: [registry] }),
    latency: new Histogram({ name: 'router_request_duration_seconds', help: 'Request latency by provider, model and route.', labelNames: ['provider', 'model', 'route'], buckets, registers: [registry] }),
    ttft: new Histogram({ name: 'router_time_to_first_token_seconds', help: 'Time to first content by provider, model and route.', labelNames: ['provider', 'model', 'route'], buckets, registers: [registry] }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
