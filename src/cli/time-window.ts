// --since for `router stats` and `router events`: an ISO time, or a duration back from now ("90s", "15m", "6h", "7d").
import { CliError } from './errors.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(text: string, now: number): number {
  const rel = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  if (rel) return now - Number(rel[1]) * (UNIT_MS[rel[2] as string] as number);
  const t = Date.parse(text);
  if (!Number.isFinite(t))
    throw new CliError('usage', `--since expects an ISO time (2025-03-14T09:00:00Z) or a duration like 15m, 6h, 7d; got "${text}"`);
  if (t > now) throw new CliError('usage', `--since ${text} is in the future`);
  return t;
}

/** Minutes east of UTC on this machine, for local days and the heatmap. */
export function localOffsetMinutes(now: number): number {
  return -new Date(now).getTimezoneOffset();
}
