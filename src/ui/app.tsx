// The dashboard: the daemon's state at a glance, live, with the operator actions the CLI has.
import { useEffect, useState } from 'preact/hooks';
import { ChartsPanel } from './panels/charts.js';
import { ExplainPanel } from './panels/explain.js';
import { FeedPanel } from './panels/feed.js';
import { HeatmapPanel } from './panels/heatmap.js';
import { RoutesPanel } from './panels/routes.js';
import { SpendPanel } from './panels/spend.js';
import { useLive } from './live.js';

/** Runs an operator action after the user confirms it; the daemon logs it (rpc.action). */
export type Act = (question: string, action: () => Promise<unknown>) => void;

export function App({ token }: { token: string }) {
  const live = useLive(token);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const now = useNow();
  const act: Act = (question, action) => {
    if (!confirm(question)) return;
    action().then(
      () => {
        setNotice({ text: `done: ${question.replace(/\?$/, '')}`, error: false });
        live.refresh();
      },
      (err: Error) => setNotice({ text: err.message, error: true }),
    );
  };
  const s = live.status;
  return (
    <>
      <header class="bar">
        <h1>llm-router</h1>
        <span class={`conn conn-${live.connection}`} data-testid="connection">
          {live.connection === 'refused'
            ? 'cannot connect: is the daemon running? (a wrong token looks the same: run router ui again)'
            : live.connection}
        </span>
        {s && (
          <>
            <span>
              auto → <b data-testid="active-route">{s.activeRoute ?? '(target list)'}</b>
              {s.currentTarget && <span class="muted"> ({s.currentTarget})</span>}
            </span>
            <span class="muted">
              v{s.version} · pid {s.pid} · {s.listen} · {s.inFlight} in flight
            </span>
            <button
              data-testid="shadow-toggle"
              onClick={() => act(`Turn shadow mode ${s.shadow ? 'off' : 'on'}?`, () => live.rpc.call('flags.set', { shadow: !s.shadow }))}
            >
              shadow {s.shadow ? 'on' : 'off'}
            </button>
          </>
        )}
      </header>
      {notice && (
        <p class={notice.error ? 'notice error' : 'notice'} data-testid="notice" onClick={() => setNotice(null)}>
          {notice.text}
        </p>
      )}
      {s?.configError && <p class="notice error">config refused: {s.configError.firstError}</p>}
      <div class="grid">
        <RoutesPanel live={live} now={now} act={act} />
        <FeedPanel rows={live.rows} selected={selected} onSelect={setSelected} />
        {selected && <ExplainPanel rpc={live.rpc} id={selected} onClose={() => setSelected(null)} />}
        <SpendPanel live={live} act={act} />
        <ChartsPanel points={live.points} />
        <HeatmapPanel stats={live.stats} />
      </div>
    </>
  );
}

/** The clock for countdowns, ticking every second. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}
