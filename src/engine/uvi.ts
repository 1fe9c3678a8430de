// UVI, the utilization velocity index: how fast a quota window is being used up compared with how
// much of it has passed. UVI = consumed fraction / max(elapsed fraction, 0.05); the worst window of
// a provider decides: >= 2.0 critical (blocked), >= 1.5 stressed (demoted; excluded in hard mode),
// <= 0.5 with >= 70% of the window elapsed is surplus (promoted: use it before it resets).
import type { Pressure } from './types.js';

export const UVI_CRITICAL = 2.0;
export const UVI_STRESSED = 1.5;
export const UVI_SURPLUS = 0.5;
export const SURPLUS_MIN_ELAPSED = 0.7;
/** Early in a window a little use would look like a sprint; the floor keeps that from blocking. */
export const MIN_ELAPSED = 0.05;

export type UviLevel = 'critical' | 'stressed' | 'normal' | 'surplus';

export interface QuotaWindow {
  /** e.g. "five_hour", "seven_day", "month". */
  name: string;
  /** Where the figure came from: a quota endpoint, or per-token spend against the monthly budget. */
  source: 'quota' | 'budget';
  /** Consumed fraction of the window's allowance (1 = all of it). */
  used: number;
  /** ms epoch when the window resets; undefined when the source does not say. */
  resetsAt?: number;
  /** Window length in ms; without it the elapsed fraction is unknown. */
  lengthMs?: number;
}

export interface WindowUvi {
  name: string;
  source: QuotaWindow['source'];
  used: number;
  /** Fraction of the window elapsed; undefined when the reset time or length is unknown. */
  elapsed?: number;
  uvi: number;
  level: UviLevel;
  resetsAt?: number;
  /** The figure is from a window that has already reset, so it says nothing about the new one. */
  stale?: true;
}

export interface ProviderUvi {
  level: UviLevel;
  /** The worst window's UVI; undefined when the provider has no windows. */
  uvi?: number;
  worst?: WindowUvi;
  windows: WindowUvi[];
}

function levelOf(uvi: number, elapsed: number | undefined): UviLevel {
  if (uvi >= UVI_CRITICAL) return 'critical';
  if (uvi >= UVI_STRESSED) return 'stressed';
  if (uvi <= UVI_SURPLUS && elapsed !== undefined && elapsed >= SURPLUS_MIN_ELAPSED) return 'surplus';
  return 'normal';
}

/**
 * A window with no known reset (or length) must not inflate UVI: its elapsed fraction is taken as
 * a whole window, so UVI is the consumed fraction itself, and it is never called surplus.
 */
export function windowUvi(w: QuotaWindow, now: number): WindowUvi {
  const used = Math.max(0, w.used);
  const base = { name: w.name, source: w.source, used, resetsAt: w.resetsAt };
  if (w.resetsAt !== undefined && w.resetsAt <= now) return { ...base, uvi: 0, level: 'normal', stale: true };
  if (w.resetsAt === undefined || w.lengthMs === undefined || !(w.lengthMs > 0)) {
    return { ...base, uvi: used, level: levelOf(used, undefined) };
  }
  const start = w.resetsAt - w.lengthMs;
  const elapsed = Math.min(1, Math.max(0, (now - start) / w.lengthMs));
  const uvi = used / Math.max(elapsed, MIN_ELAPSED);
  return { ...base, elapsed, uvi, level: levelOf(uvi, elapsed) };
}

export function providerUvi(windows: readonly QuotaWindow[], now: number): ProviderUvi {
  const computed = windows.map((w) => windowUvi(w, now));
  let worst: WindowUvi | undefined;
  for (const w of computed) if (!w.stale && (!worst || w.uvi > worst.uvi)) worst = w;
  return { level: worst?.level ?? 'normal', uvi: worst?.uvi, worst, windows: computed };
}

export function pressureOf(level: UviLevel, hard: boolean): Pressure {
  switch (level) {
    case 'critical':
      return 'blocked';
    case 'stressed':
      return hard ? 'blocked' : 'demoted';
    case 'surplus':
      return 'promoted';
    case 'normal':
      return 'normal';
  }
}

/** The pressure map for state: only providers that are not 'normal' appear. */
export function uviPressure(
  windows: Readonly<Record<string, readonly QuotaWindow[]>>,
  now: number,
  hard: boolean,
): Record<string, Pressure> {
  const out: Record<string, Pressure> = {};
  for (const [provider, list] of Object.entries(windows)) {
    const p = pressureOf(providerUvi(list, now).level, hard);
    if (p !== 'normal') out[provider] = p;
  }
  return out;
}
