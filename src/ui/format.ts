// How figures read on the page: short, with units.

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (v === 0) return '$0';
  return v < 0.01 ? `$${v.toFixed(5)}` : `$${v.toFixed(2)}`;
}

/** "42 s", "3 min 5 s": time left until an ISO instant. */
export function timeLeft(untilIso: string, now: number): string {
  const s = Math.max(0, Math.ceil((Date.parse(untilIso) - now) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour12: false });
}
