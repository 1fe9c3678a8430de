// One decision as `router explain` has it: the attempts, then the planner's trace.
import { useEffect, useState } from 'preact/hooks';
import type { DecisionDTO } from '../../protocol/index.js';
import { ms, usd } from '../format.js';
import type { PageRpc } from '../rpc.js';

export function ExplainPanel({ rpc, id, onClose }: { rpc: PageRpc; id: string; onClose: () => void }) {
  const [d, setD] = useState<DecisionDTO | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setD(null);
    setError(null);
    // The ledger writes in batches: a decision that just finished may be a moment away.
    let tries = 0;
    const load = () =>
      rpc.call('decision.get', { id }).then(setD, (err: Error) => {
        if (++tries < 5) setTimeout(load, 400);
        else setError(err.message);
      });
    void load();
  }, [id]);
  return (
    <section class="card wide" data-testid="explain">
      <h2>
        Explain <span class="mono">{id}</span>{' '}
        <button class="small" onClick={onClose}>
          close
        </button>
      </h2>
      {error && <p class="notice error">{error}</p>}
      {!d && !error && <p class="muted">loading…</p>}
      {d && (
        <>
          <p>
            {d.requestedModel} → route <b>{d.route ?? '–'}</b> → <b>{d.target ?? 'nobody answered'}</b> · {d.outcome} {d.status} ·{' '}
            {ms(d.latencyMs)} · {usd(d.costUsd)} · {d.clientFormat}
            {d.stream ? ' stream' : ''}
          </p>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>target</th>
                <th>outcome</th>
                <th>error</th>
                <th>ttft</th>
                <th>latency</th>
                <th>tokens</th>
                <th>cost</th>
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a) => (
                <tr key={a.seq}>
                  <td>{a.seq}</td>
                  <td>{a.target}</td>
                  <td>{a.outcome}</td>
                  <td>{a.errorClass ? `${a.errorClass} ${a.status ?? ''}` : '–'}</td>
                  <td>{ms(a.ttftMs)}</td>
                  <td>{ms(a.latencyMs)}</td>
                  <td>
                    {a.tokensIn} in / {a.tokensOut} out
                  </td>
                  <td>{usd(a.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>planner trace</summary>
            <pre data-testid="trace">{JSON.stringify(d.trace, null, 2)}</pre>
          </details>
        </>
      )}
    </section>
  );
}
