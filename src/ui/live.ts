// The page's live view of the daemon: polled figures (status, routes, circuits every second; spend
// and UVI every 5 s; the heatmap every minute) and the event stream folded into the feed.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BudgetsDTO, CircuitDTO, ConfigView, CooldownDTO, RouterEvent, StatsDTO, StatusDTO, UviDTO } from '../protocol/index.js';
import { foldEvent, type FeedRow, type Point } from './feed.js';
import { PageRpc, type Connection } from './rpc.js';

export interface Live {
  rpc: PageRpc;
  connection: Connection;
  status: StatusDTO | null;
  view: ConfigView | null;
  circuits: { circuits: CircuitDTO[]; cooldowns: CooldownDTO[] } | null;
  budgets: BudgetsDTO | null;
  uvi: UviDTO | null;
  stats: StatsDTO | null;
  rows: FeedRow[];
  points: Point[];
  /** Fetch the fast figures now (after an action), not at the next tick. */
  refresh(): void;
}

const FAST_MS = 1000;
const SPEND_MS = 5000;
const STATS_MS = 60_000;
const HISTORY_MS = 60 * 60_000;

export function useLive(token: string): Live {
  const [connection, setConnection] = useState<Connection>('connecting');
  const [status, setStatus] = useState<StatusDTO | null>(null);
  const [view, setView] = useState<ConfigView | null>(null);
  const [circuits, setCircuits] = useState<Live['circuits']>(null);
  const [budgets, setBudgets] = useState<BudgetsDTO | null>(null);
  const [uvi, setUvi] = useState<UviDTO | null>(null);
  const [stats, setStats] = useState<StatsDTO | null>(null);
  const [feed, setFeed] = useState<{ rows: FeedRow[]; points: Point[] }>({ rows: [], points: [] });
  const fold = (e: RouterEvent) => setFeed((f) => foldEvent(f.rows, f.points, e));
  const rpc = useMemo(() => new PageRpc(token, fold, setConnection), [token]);
  const timers = useRef<number[]>([]);

  const fast = () =>
    Promise.all([rpc.call('status'), rpc.call('config.view'), rpc.call('circuit.list')])
      .then(([s, v, c]) => {
        setStatus(s);
        setView(v);
        setCircuits(c);
      })
      .catch(() => {});
  const spend = () =>
    Promise.all([rpc.call('budget.get'), rpc.call('uvi.get')])
      .then(([b, u]) => {
        setBudgets(b);
        setUvi(u);
      })
      .catch(() => {});
  const heatmap = () =>
    rpc
      .call('stats.query', { days: 28, by: 'model', heatmap: 'requests', tzOffsetMinutes: -new Date().getTimezoneOffset() })
      .then(setStats)
      .catch(() => {});
  const history = async () => {
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const h = await rpc.call('events.history', { sinceMs: Date.now() - HISTORY_MS, limit: 1000, after });
      setFeed((f) => h.events.reduce((acc, e) => foldEvent(acc.rows, acc.points, e), f));
      if (!h.next) break;
      after = h.next;
    }
  };

  useEffect(() => {
    rpc.start();
  }, [rpc]);

  useEffect(() => {
    for (const t of timers.current) clearInterval(t);
    timers.current = [];
    if (connection !== 'open') return;
    void fast();
    void spend();
    void heatmap();
    void history().catch(() => {});
    timers.current = [setInterval(fast, FAST_MS), setInterval(spend, SPEND_MS), setInterval(heatmap, STATS_MS)];
    return () => timers.current.forEach((t) => clearInterval(t));
  }, [connection]);

  return {
    rpc,
    connection,
    status,
    view,
    circuits,
    budgets,
    uvi,
    stats,
    rows: feed.rows,
    points: feed.points,
    refresh: () => void Promise.all([fast(), spend()]),
  };
}
