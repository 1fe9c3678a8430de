// Requests by weekday and hour (local time) over the last 28 days: `router stats --heatmap`.
import { Fragment } from 'preact';
import type { StatsDTO } from '../../protocol/index.js';

export function HeatmapPanel({ stats }: { stats: StatsDTO | null }) {
  const h = stats?.heatmap;
  return (
    <section class="card" data-testid="heatmap">
      <h2>Requests by weekday × hour {stats && <span class="muted">last 28 days</span>}</h2>
      {!h ? (
        <p class="muted">loading…</p>
      ) : (
        <div class="heatmap">
          <span />
          {Array.from({ length: 24 }, (_, hour) => (
            <span key={hour} class="hour">
              {hour % 3 === 0 ? hour : ''}
            </span>
          ))}
          {h.weekdays.map((day, d) => (
            <Fragment key={day}>
              <span class="day">{day}</span>
              {h.cells[d]!.map((v, hour) => (
                <span
                  key={`${d}-${hour}`}
                  class="cell"
                  title={`${day} ${hour}:00 — ${v} requests`}
                  style={{ opacity: h.max > 0 ? 0.08 + (0.92 * v) / h.max : 0.08 }}
                />
              ))}
            </Fragment>
          ))}
        </div>
      )}
    </section>
  );
}
