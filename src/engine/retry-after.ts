// Retry hints from upstream response headers (PROTOCOLS.md 4.1). Returns a wait in ms from `now`;
// capping at config.cooldowns.maxSeconds is the reducer's job.

const durationPattern = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;

/** Go-style durations as OpenAI sends them ("12ms", "1s", "6m0s", "1h2m"); also Gemini's "30s". */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const m = durationPattern.exec(trimmed);
  if (!m) return undefined;
  const [, h, min, s, ms] = m;
  return Number(h ?? 0) * 3_600_000 + Number(min ?? 0) * 60_000 + Number(s ?? 0) * 1000 + Number(ms ?? 0);
}

function positive(ms: number | undefined): number | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : undefined;
}

/** RFC 3339 / HTTP date, or unix seconds (some Anthropic subscription headers). */
function untilTimestamp(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (/^\d{9,11}(?:\.\d+)?$/.test(trimmed)) return positive(Number(trimmed) * 1000 - now);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : positive(at - now);
}

function retryAfterHeader(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return positive(Number(trimmed) * 1000);
  return untilTimestamp(trimmed, now);
}

/** Prefer the windows that are exhausted (remaining 0); without that information, wait for the larger. */
function pickReset(candidates: { wait: number; exhausted: boolean }[]): number | undefined {
  const exhausted = candidates.filter((c) => c.exhausted);
  const pool = exhausted.length > 0 ? exhausted : candidates;
  let best: number | undefined;
  for (const c of pool) if (best === undefined || c.wait > best) best = c.wait;
  return best;
}

function openAiResets(headers: Record<string, string>): number | undefined {
  const candidates: { wait: number; exhausted: boolean }[] = [];
  for (const kind of ['requests', 'tokens']) {
    const raw = headers[`x-ratelimit-reset-${kind}`];
    const wait = raw === undefined ? undefined : positive(parseDuration(raw));
    if (wait !== undefined) candidates.push({ wait, exhausted: headers[`x-ratelimit-remaining-${kind}`]?.trim() === '0' });
  }
  return pickReset(candidates);
}

function anthropicResets(headers: Record<string, string>, now: number): number | undefined {
  const unifiedStatus = headers['anthropic-ratelimit-unified-status']?.trim();
  const candidates: { wait: number; exhausted: boolean }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('anthropic-ratelimit-') || !name.endsWith('-reset')) continue;
    const window = name.slice('anthropic-ratelimit-'.length, -'-reset'.length);
    // Subscription windows reset hours away; they only matter once the subscription says no.
    if (window.startsWith('unified') && (unifiedStatus === undefined || unifiedStatus === 'allowed')) continue;
    const wait = untilTimestamp(value, now);
    if (wait !== undefined) candidates.push({ wait, exhausted: headers[`anthropic-ratelimit-${window}-remaining`]?.trim() === '0' });
  }
  return pickReset(candidates);
}

/** Header names must be lower-case (as node:http delivers them). */
export function retryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const ms = headers['retry-after-ms'];
  const fromMs = ms === undefined ? undefined : positive(Number(ms.trim()));
  if (fromMs !== undefined) return fromMs;
  const ra = headers['retry-after'];
  const fromRa = ra === undefined ? undefined : retryAfterHeader(ra, now);
  if (fromRa !== undefined) return fromRa;
  return openAiResets(headers) ?? anthropicResets(headers, now);
}
