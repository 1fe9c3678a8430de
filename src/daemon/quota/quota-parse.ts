// Usage endpoints' answers as quota windows (PROTOCOLS.md 6.3). Three shapes are recognised:
//   Anthropic subscription  GET /api/oauth/usage   { five_hour: { utilization: 0-100, resets_at }, seven_day: ... }
//   OpenAI Codex            GET /backend-api/wham/usage  { rate_limit: { primary_window: { used_percent, ... } } }
//   generic                 { windows: [{ name, used (0-1) | usedPercent, resetsAt, windowSeconds }] }
import type { QuotaWindow } from '../../engine/uvi.js';
import { isObj } from '../../wire/json-object.js';

const H = 3_600_000;
/** Window lengths the Anthropic answer implies by name (it sends only the reset time). */
const anthropicLengths: Record<string, number> = {
  five_hour: 5 * H,
  seven_day: 168 * H,
  seven_day_opus: 168 * H,
  seven_day_sonnet: 168 * H,
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (isObj(v) ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** ISO text, or a Unix time in seconds or milliseconds. */
export function parseTime(v: unknown): number | undefined {
  if (typeof v === 'string' && !/^\d+(\.\d+)?$/.test(v.trim())) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : undefined;
  }
  const n = num(v);
  if (n === undefined || n <= 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
}

function anthropic(body: Json): QuotaWindow[] {
  const out: QuotaWindow[] = [];
  for (const [name, length] of Object.entries(anthropicLengths)) {
    const w = obj(body[name]);
    const pct = num(w?.utilization);
    if (!w || pct === undefined) continue;
    out.push({ name, source: 'quota', used: pct / 100, resetsAt: parseTime(w.resets_at), lengthMs: length });
  }
  return out;
}

function codex(rateLimit: Json, now: number): QuotaWindow[] {
  const out: QuotaWindow[] = [];
  for (const [key, name] of [
    ['primary_window', 'primary'],
    ['secondary_window', 'secondary'],
  ] as const) {
    const w = obj(rateLimit[key]);
    const pct = num(w?.used_percent);
    if (!w || pct === undefined) continue;
    const after = num(w.reset_after_seconds);
    const seconds = num(w.limit_window_seconds);
    out.push({
      name,
      source: 'quota',
      used: pct / 100,
      resetsAt: parseTime(w.reset_at) ?? (after === undefined ? undefined : now + after * 1000),
      lengthMs: seconds === undefined ? undefined : seconds * 1000,
    });
  }
  return out;
}

function generic(list: unknown[]): QuotaWindow[] {
  const out: QuotaWindow[] = [];
  list.forEach((raw, i) => {
    const w = obj(raw);
    if (!w) return;
    const fraction = num(w.used) ?? (num(w.usedPercent) ?? num(w.utilization) ?? NaN) / 100;
    if (!Number.isFinite(fraction)) return;
    const seconds = num(w.windowSeconds);
    out.push({
      name: typeof w.name === 'string' ? w.name : `window${i + 1}`,
      source: 'quota',
      used: fraction,
      resetsAt: parseTime(w.resetsAt),
      lengthMs: seconds === undefined ? undefined : seconds * 1000,
    });
  });
  return out;
}

/** Throws when the answer is none of the known shapes; `only` keeps the named windows. */
export function parseQuota(body: unknown, now: number, only?: readonly string[]): QuotaWindow[] {
  const b = obj(body);
  if (!b) throw new Error('usage answer is not a JSON object');
  const rateLimit = obj(b.rate_limit);
  const windows = rateLimit ? codex(rateLimit, now) : Array.isArray(b.windows) ? generic(b.windows) : anthropic(b);
  if (windows.length === 0) throw new Error('usage answer has no quota window this router understands (see PROTOCOLS.md 6.3)');
  return only && only.length > 0 ? windows.filter((w) => only.includes(w.name)) : windows;
}
