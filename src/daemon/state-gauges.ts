// Gauges for /metrics read from the routing state when scraped: which circuits are open, which
// targets cool down, spend against budgets, requests in flight. Nothing here runs per request.
import { Gauge, type GaugeRow, type Metrics } from './metrics.js';
import type { RouterState } from '../engine/types.js';

export interface StateGaugeSources {
  state: () => RouterState;
  inFlight: () => number;
  clock: () => number;
}

export function registerStateGauges(metrics: Metrics, s: StateGaugeSources): void {
  metrics.register(
    new Gauge('router_circuit_open', 'Circuit breakers not closed, by target (1 open, 0.5 half-open).', ['target'], () =>
      circuits(s.state()),
    ),
  );
  metrics.register(
    new Gauge('router_cooldown_active', 'Targets (or whole providers) cooling down, by key and reason.', ['target', 'reason'], () =>
      cooldowns(s.state(), s.clock()),
    ),
  );
  metrics.register(
    new Gauge(
      'router_budget_spent_usd',
      'Spend so far in the current budget period, by provider and period (day, month).',
      ['provider', 'period'],
      () => budgets(s.state(), 'spent'),
    ),
  );
  metrics.register(
    new Gauge('router_budget_limit_usd', 'Budget limits in force, by provider and period (day, month).', ['provider', 'period'], () =>
      budgets(s.state(), 'limit'),
    ),
  );
  metrics.register(new Gauge('router_in_flight_requests', 'Client requests being answered now.', [], () => [[[], s.inFlight()]]));
}

function* circuits(state: RouterState): Iterable<GaugeRow> {
  for (const [target, b] of Object.entries(state.breakers)) {
    if (b.state !== 'closed') yield [[target], b.state === 'open' ? 1 : 0.5];
  }
}

function* cooldowns(state: RouterState, now: number): Iterable<GaugeRow> {
  for (const [key, c] of Object.entries(state.cooldowns)) {
    if (c.until > now) yield [[key, c.reason], 1];
  }
}

function* budgets(state: RouterState, what: 'spent' | 'limit'): Iterable<GaugeRow> {
  for (const [provider, b] of Object.entries(state.budgets ?? {})) {
    if (what === 'spent') {
      yield [[provider, 'day'], b.spentDay];
      yield [[provider, 'month'], b.spentMonth];
      continue;
    }
    if (b.daily !== undefined) yield [[provider, 'day'], b.daily];
    if (b.monthly !== undefined) yield [[provider, 'month'], b.monthly];
  }
}
