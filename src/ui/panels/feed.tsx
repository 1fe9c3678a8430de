// The live decision feed; a click opens the decision's explain.
import type { FeedRow } from '../feed.js';
import { clock, ms, usd } from '../format.js';

export function FeedPanel({ rows, selected, onSelect }: { rows: FeedRow[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <section class="card wide" data-testid="feed">
      <h2>Decisions</h2>
      {rows.length === 0 ? (
        <p class="muted">no requests in the last hour; they appear here as they come</p>
      ) : (
        <table class="feed">
          <thead>
            <tr>
              <th>time</th>
              <th>id</th>
              <th>route</th>
              <th>target</th>
              <th>attempts</th>
              <th>latency</th>
              <th>cost</th>
              <th>outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                class={r.id === selected ? 'selected' : ''}
                data-testid="feed-row"
                data-decision={r.id}
                onClick={() => onSelect(r.id)}
                title="explain this decision"
              >
                <td>{clock(r.at)}</td>
                <td class="mono">{r.id}</td>
                <td>{r.route ?? '–'}</td>
                <td>{r.target ?? r.planned[0] ?? '–'}</td>
                <td>{r.attempts || '–'}</td>
                <td>{ms(r.latencyMs)}</td>
                <td>{usd(r.costUsd)}</td>
                <td>
                  <span class={`badge ${r.outcome === 'ok' ? 'ok' : r.outcome === 'failed' ? 'bad' : 'warn'}`}>
                    {r.outcome === 'pending' ? 'running' : `${r.outcome} ${r.status ?? ''}`}
                  </span>
                  {r.lastError && <span class="muted"> {r.lastError}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
