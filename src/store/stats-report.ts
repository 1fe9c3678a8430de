// Turns rollup rows into the `router stats` report: grouped rows, daily composition, failover
// drift, per-model distributions and the weekday x hour heatmap. Pure: rows in, report out.
import type { CauseDTO, DriftDTO, HeatmapDTO, StatsDTO, StatsGroupBy, StatsRowDTO } from '../protocol/spend-dto.js';
import { distributions, type Histogram, percentile } from './stats-histogram.js';
import { addBuckets, decodeBuckets } from './stats-rollups.js';
import { fromNanoUsd } from './rollups.js';
import type { DriftDelta, HistogramMetric } from './stats-rollups.js';

export interface StatsQuery {
  fromMs: number;
  toMs: number;
  /** '(none)' selects requests that resolved to no route (direct provider/model). */
  route?: string;
  by: StatsGroupBy;
  heatmap?: 'requests' | 'cost';
  /** Local time for days and the heatmap: minutes east of UTC. */
  tzOffsetMinutes: number;
}

const HOUR_MS = 3_600_000;
const DEFAULT_DAYS = 7;

export interface StatsWindowParams {
  fromMs?: number;
  hours?: number;
  days?: number;
  route?: string;
  by: StatsGroupBy;
  heatmap?: 'requests' | 'cost';
  tzOffsetMinutes: number;
}

/** `stats.query` params to a query: from fromMs, else the last hours, else the last days (default 7), up to now. */
export function statsQueryFor(p: StatsWindowParams, now: number): StatsQuery {
  const fromMs = p.fromMs ?? now - (p.hours !== undefined ? p.hours * HOUR_MS : (p.days ?? DEFAULT_DAYS) * 24 * HOUR_MS);
  return { fromMs, toMs: now, route: p.route, by: p.by, heatmap: p.heatmap, tzOffsetMinutes: p.tzOffsetMinutes };
}

export interface HourlyRow {
  hour: number;
  route: string;
  target: string;
  requests: number;
  ok: number;
  errors: number;
  aborted: number;
  latency_ms_sum: number;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  cost_nusd: number;
  /** Rows of the per-key rollup (`--by key`) only. */
  key_name?: string;
}

export interface HistogramRow {
  hour: number;
  route: string;
  target: string;
  metric: HistogramMetric;
  /** Stored JSON, see encodeBuckets. */
  buckets: string;
}

/** A stored drift row has exactly the columns of the delta that wrote it. */
export type DriftRow = DriftDelta;

interface Group {
  requests: number;
  ok: number;
  errors: number;
  aborted: number;
  failovers: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costNusd: number;
  latency: Histogram;
  ttft: Histogram;
}

const NONE = '(none)';
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const newGroup = (): Group => ({
  requests: 0,
  ok: 0,
  errors: 0,
  aborted: 0,
  failovers: 0,
  tokensIn: 0,
  tokensOut: 0,
  tokensCached: 0,
  costNusd: 0,
  latency: new Map(),
  ttft: new Map(),
});
const pct = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
const localDay = (hour: number, tz: number): string => new Date(hour + tz * 60_000).toISOString().slice(0, 10);
function providerOf(target: string): string {
  if (target === '') return NONE;
  const slash = target.indexOf('/');
  return slash < 0 ? target : target.slice(0, slash);
}

function keyer(by: StatsGroupBy, tz: number): (hour: number, route: string, target: string, keyName?: string) => string {
  switch (by) {
    case 'key':
      return (_h, _r, _t, keyName) => keyName || NONE;
    case 'day':
      return (hour) => localDay(hour, tz);
    case 'provider':
      return (_h, _r, target) => providerOf(target);
    case 'model':
      return (_h, _r, target) => target || NONE;
    case 'route':
      return (_h, route) => route || NONE;
  }
}

function row(key: string, g: Group): StatsRowDTO {
  return {
    key,
    requests: g.requests,
    ok: g.ok,
    errors: g.errors,
    aborted: g.aborted,
    successPct: pct(g.ok, g.requests),
    failovers: g.failovers,
    failoverPct: pct(g.failovers, g.requests),
    latencyP50Ms: percentile(g.latency, 0.5),
    latencyP95Ms: percentile(g.latency, 0.95),
    ttftP50Ms: percentile(g.ttft, 0.5),
    ttftP95Ms: percentile(g.ttft, 0.95),
    tokensIn: g.tokensIn,
    tokensOut: g.tokensOut,
    tokensCached: g.tokensCached,
    costUsd: fromNanoUsd(g.costNusd),
  };
}

function drift(rows: readonly DriftRow[]): DriftDTO {
  const pairs = new Map<string, { planned: string; actual: string; requests: number; causes: Map<string, number> }>();
  const causes = new Map<string, number>();
  let failedOver = 0;
  let unanswered = 0;
  for (const r of rows) {
    const key = `${r.planned}\u0000${r.actual}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { planned: r.planned, actual: r.actual, requests: 0, causes: new Map() }));
    const cause = r.cause || 'unknown';
    p.requests += r.requests;
    p.causes.set(cause, (p.causes.get(cause) ?? 0) + r.requests);
    causes.set(cause, (causes.get(cause) ?? 0) + r.requests);
    if (r.actual === '') unanswered += r.requests;
    else failedOver += r.requests;
  }
  const ranked = (m: Map<string, number>): CauseDTO[] =>
    [...m]
      .map(([errorClass, requests]) => ({ errorClass, requests }))
      .sort((a, b) => b.requests - a.requests || a.errorClass.localeCompare(b.errorClass));
  return {
    requests: failedOver + unanswered,
    failedOver,
    unanswered,
    pairs: [...pairs.values()]
      .map((p) => ({ planned: p.planned, actual: p.actual || null, requests: p.requests, causes: ranked(p.causes) }))
      .sort((a, b) => b.requests - a.requests || a.planned.localeCompare(b.planned)),
    topErrors: ranked(causes).slice(0, 5),
  };
}

function heatmap(rows: readonly HourlyRow[], metric: 'requests' | 'cost', tz: number): HeatmapDTO {
  const cells = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  for (const r of rows) {
    const local = new Date(r.hour + tz * 60_000);
    const day = cells[(local.getUTCDay() + 6) % 7] as number[];
    const h = local.getUTCHours();
    day[h] = (day[h] ?? 0) + (metric === 'requests' ? r.requests : r.cost_nusd);
  }
  const values = metric === 'requests' ? cells : cells.map((d) => d.map(fromNanoUsd));
  return { metric, tzOffsetMinutes: tz, weekdays: WEEKDAYS, cells: values, max: Math.max(0, ...values.flat()) };
}

export function buildReport(
  q: StatsQuery,
  hourly: readonly HourlyRow[],
  histograms: readonly HistogramRow[],
  driftRows: readonly DriftRow[],
): StatsDTO {
  const keyOf = keyer(q.by, q.tzOffsetMinutes);
  const groups = new Map<string, Group>();
  const total = newGroup();
  const group = (key: string): Group => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = newGroup()));
    return g;
  };
  const days = new Map<string, Map<string, number>>();
  for (const r of hourly) {
    for (const g of [group(keyOf(r.hour, r.route, r.target, r.key_name)), total]) {
      g.requests += r.requests;
      g.ok += r.ok;
      g.errors += r.errors;
      g.aborted += r.aborted;
      g.tokensIn += r.tokens_in;
      g.tokensOut += r.tokens_out;
      g.tokensCached += r.tokens_cached;
      g.costNusd += r.cost_nusd;
    }
    const day = localDay(r.hour, q.tzOffsetMinutes);
    let shares = days.get(day);
    if (!shares) days.set(day, (shares = new Map()));
    shares.set(r.target || NONE, (shares.get(r.target || NONE) ?? 0) + r.requests);
  }
  const decoded = histograms.map((h) => ({ ...h, flat: decodeBuckets(h.buckets) }));
  for (const h of decoded) {
    if (h.metric === 'cost') continue;
    for (const g of [group(keyOf(h.hour, h.route, h.target)), total]) addBuckets(h.metric === 'latency' ? g.latency : g.ttft, h.flat);
  }
  for (const d of driftRows) {
    if (d.actual === '') continue;
    for (const g of [group(keyOf(d.hour, d.route, d.actual)), total]) g.failovers += d.requests;
  }
  const rows = [...groups].map(([key, g]) => row(key, g));
  rows.sort(q.by === 'day' ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.requests - a.requests || a.key.localeCompare(b.key));
  const composition = [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, shares]) => {
      const n = [...shares.values()].reduce((s, v) => s + v, 0);
      return {
        day,
        requests: n,
        shares: [...shares]
          .map(([key, requests]) => ({ key, requests, pct: pct(requests, n) ?? 0 }))
          .sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key)),
      };
    });
  return {
    from: new Date(q.fromMs).toISOString(),
    to: new Date(q.toMs).toISOString(),
    route: q.route ?? null,
    by: q.by,
    tzOffsetMinutes: q.tzOffsetMinutes,
    totals: row('total', total),
    rows,
    composition,
    drift: drift(driftRows),
    distributions: distributions(hourly, decoded),
    heatmap: q.heatmap ? heatmap(hourly, q.heatmap, q.tzOffsetMinutes) : undefined,
  };
}
