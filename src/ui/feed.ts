// The decision feed and the time series behind the charts, folded from router events (live ones and
// the replayed history alike). Pure: events in, new rows out.
import type { RouterEvent } from '../protocol/index.js';

export interface FeedRow {
  id: string;
  at: number;
  route: string | null;
  planned: string[];
  target: string | null;
  attempts: number;
  latencyMs: number | null;
  costUsd: number | null;
  /** ok, failed (status >= 400), or pending while the request runs. */
  outcome: 'pending' | 'ok' | 'failed';
  status: number | null;
  lastError: string | null;
}

export interface Point {
  at: number;
  latencyMs: number;
  costUsd: number;
}

export const FEED_ROWS = 100;
export const MAX_POINTS = 5000;

export function foldEvent(rows: FeedRow[], points: Point[], e: RouterEvent): { rows: FeedRow[]; points: Point[] } {
  if (e.type === 'decision') {
    if (rows.some((r) => r.id === e.decisionId)) return { rows, points };
    const row: FeedRow = {
      id: e.decisionId,
      at: Date.parse(e.at),
      route: e.route,
      planned: e.planned,
      target: null,
      attempts: 0,
      latencyMs: null,
      costUsd: null,
      outcome: 'pending',
      status: null,
      lastError: null,
    };
    return { rows: [row, ...rows].slice(0, FEED_ROWS), points };
  }
  if (e.type === 'attempt') {
    return {
      rows: update(rows, e.decisionId, (r) => ({
        ...r,
        attempts: Math.max(r.attempts, e.seq), // seq counts from 1
        target: e.outcome === 'ok' ? e.target : r.target,
        lastError: e.outcome === 'ok' ? r.lastError : (e.errorClass ?? `status ${e.status ?? '?'}`),
      })),
      points,
    };
  }
  if (e.type === 'request') {
    const at = Date.parse(e.at);
    const seen = rows.find((r) => r.id === e.decisionId);
    const nextPoints = seen?.outcome === 'pending' || !seen ? [...points, { at, latencyMs: e.latencyMs, costUsd: e.costUsd ?? 0 }] : points;
    return {
      rows: update(rows, e.decisionId, (r) => ({
        ...r,
        target: e.target,
        attempts: e.attempts ?? r.attempts,
        latencyMs: e.latencyMs,
        costUsd: e.costUsd ?? null,
        status: e.status,
        outcome: e.status < 400 ? 'ok' : 'failed',
      })),
      points: nextPoints.length > MAX_POINTS ? nextPoints.slice(-MAX_POINTS) : nextPoints,
    };
  }
  return { rows, points };
}

function update(rows: FeedRow[], id: string, f: (r: FeedRow) => FeedRow): FeedRow[] {
  const i = rows.findIndex((r) => r.id === id);
  if (i === -1) return rows;
  const next = rows.slice();
  next[i] = f(rows[i]!);
  return next;
}

/** Points per minute: mean and max latency, summed cost, request count; x in seconds for uPlot. */
export function perMinute(points: Point[]): {
  t: number[];
  latencyAvg: number[];
  latencyMax: number[];
  cost: number[];
  requests: number[];
} {
  const buckets = new Map<number, Point[]>();
  for (const p of points) {
    const minute = Math.floor(p.at / 60_000) * 60;
    const list = buckets.get(minute) ?? [];
    list.push(p);
    buckets.set(minute, list);
  }
  const t = [...buckets.keys()].sort((a, b) => a - b);
  const of = (m: number) => buckets.get(m)!;
  return {
    t,
    latencyAvg: t.map((m) => of(m).reduce((s, p) => s + p.latencyMs, 0) / of(m).length),
    latencyMax: t.map((m) => Math.max(...of(m).map((p) => p.latencyMs))),
    cost: t.map((m) => of(m).reduce((s, p) => s + p.costUsd, 0)),
    requests: t.map((m) => of(m).length),
  };
}
