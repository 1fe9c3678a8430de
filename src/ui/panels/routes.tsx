// Routes and their targets: health, cooldown with time left, breaker state, recent latency; switch a
// route, reset a provider's circuits.
import type { CircuitDTO, CooldownDTO, RouteView, TargetView } from '../../protocol/index.js';
import type { Act } from '../app.js';
import type { FeedRow } from '../feed.js';
import { ms, timeLeft } from '../format.js';
import type { Live } from '../live.js';

export function RoutesPanel({ live, now, act }: { live: Live; now: number; act: Act }) {
  const view = live.view;
  if (!view) return <section class="card wide">loading routes…</section>;
  const latency = recentLatency(live.rows);
  const cooldowns = live.circuits?.cooldowns ?? [];
  const breakers = new Map((live.circuits?.circuits ?? []).map((c) => [c.target, c]));
  return (
    <section class="card wide" data-testid="routes">
      <h2>
        Routes{' '}
        <button
          class="small"
          data-testid="reset-all"
          onClick={() => act('Reset every circuit and cooldown?', () => live.rpc.call('circuit.reset', {}))}
        >
          reset all circuits
        </button>
      </h2>
      {view.switchedTo && !view.routes.some((r) => r.id === view.switchedTo) && <p class="muted">auto is switched to {view.switchedTo}</p>}
      {view.routes.map((r) => (
        <RouteCard key={r.id} route={r} act={act} live={live} now={now} latency={latency} cooldowns={cooldowns} breakers={breakers} />
      ))}
    </section>
  );
}

interface RouteProps {
  route: RouteView;
  live: Live;
  now: number;
  act: Act;
  latency: Map<string, number>;
  cooldowns: CooldownDTO[];
  breakers: Map<string, CircuitDTO>;
}

function RouteCard({ route, live, now, act, latency, cooldowns, breakers }: RouteProps) {
  return (
    <div class={route.active ? 'route active' : 'route'} data-testid={`route-${route.id}`} data-active={String(route.active)}>
      <h3>
        {route.id} <span class="muted">{route.strategy}</span>
        {route.active ? (
          <span class="badge ok">active</span>
        ) : (
          <button
            class="small"
            data-testid={`switch-${route.id}`}
            onClick={() => act(`Switch auto to route ${route.id}?`, () => live.rpc.call('route.switch', { target: route.id }))}
          >
            switch here
          </button>
        )}
      </h3>
      <table>
        <thead>
          <tr>
            <th>target</th>
            <th>health</th>
            <th>cooldown</th>
            <th>circuit</th>
            <th>latency</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {route.targets.map((t) => (
            <TargetRow
              key={t.id}
              t={t}
              now={now}
              act={act}
              live={live}
              latency={latency.get(t.id)}
              cooldowns={cooldowns}
              breaker={breakers.get(t.id)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TargetRow(p: {
  t: TargetView;
  now: number;
  act: Act;
  live: Live;
  latency?: number;
  cooldowns: CooldownDTO[];
  breaker?: CircuitDTO;
}) {
  const { t } = p;
  const cd = p.cooldowns.find((c) => c.key === t.id) ?? p.cooldowns.find((c) => c.key === t.provider);
  const circuit = p.breaker?.state ?? 'closed';
  const troubled = Boolean(cd) || circuit !== 'closed';
  return (
    <tr data-testid={`target-${t.id}`} data-state={cd ? 'cooling' : circuit}>
      <td>{t.id}</td>
      <td>
        {t.available ? (
          <span class="badge ok">ok</span>
        ) : (
          // Cooldowns and circuits have their own columns; other reasons (no adapter, …) are spelled out.
          <span class="badge bad" title={t.why}>
            {troubled ? 'unavailable' : (t.why ?? 'unavailable')}
          </span>
        )}
      </td>
      <td>
        {cd ? (
          <span class="badge warn">
            cooling down {timeLeft(cd.until, p.now)} ({cd.reason})
          </span>
        ) : (
          '–'
        )}
      </td>
      <td>
        <span class={`badge ${circuit === 'closed' ? 'ok' : 'bad'}`}>{circuit}</span>
        {p.breaker && p.breaker.recentFailures > 0 && <span class="muted"> {p.breaker.recentFailures} recent failures</span>}
      </td>
      <td>{ms(p.latency)}</td>
      <td>
        {troubled && (
          <button
            class="small"
            data-testid={`reset-${t.id}`}
            onClick={() =>
              p.act(`Reset circuits and cooldowns of ${t.provider}?`, () => p.live.rpc.call('circuit.reset', { provider: t.provider }))
            }
          >
            reset
          </button>
        )}
      </td>
    </tr>
  );
}

/** Median latency per target over the feed's finished requests. */
function recentLatency(rows: FeedRow[]): Map<string, number> {
  const by = new Map<string, number[]>();
  for (const r of rows) {
    if (r.target && r.latencyMs !== null && r.outcome === 'ok') by.set(r.target, [...(by.get(r.target) ?? []), r.latencyMs]);
  }
  return new Map([...by].map(([k, v]) => [k, v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!]));
}
