// Removes provider secrets from text an upstream wrote (error bodies, in-stream errors) before it
// reaches a client or a log: some providers echo the key they were sent ("Incorrect API key
// provided: sk-…"), and a gateway may echo any header. Built once per config load from the resolved
// secrets (never per request) and replaced with the adapters on reload.

export interface Scrubber {
  scrub(text: string): string;
}

export const REDACTED = '[redacted]';

/**
 * Shorter values are not treated as secrets: a three-letter "key" would redact ordinary words, and
 * no real provider key is that short.
 */
const MIN_SECRET_LENGTH = 6;

/** Header names whose configured values are credentials, scrubbed like apiKey. */
const credentialHeaders = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key']);

export function createScrubber(secrets: Iterable<string | undefined>): Scrubber {
  const unique = new Set<string>();
  for (const s of secrets) {
    const value = s?.trim();
    if (value && value.length >= MIN_SECRET_LENGTH) unique.add(value);
  }
  if (unique.size === 0) return { scrub: (text) => text };
  // Longest first, so a secret that contains another is removed whole. One regex, one pass.
  const pattern = new RegExp(
    [...unique]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return { scrub: (text) => (text ? text.replace(pattern, REDACTED) : text) };
}

/** The secret part of configured headers: `Bearer xyz` yields both the whole value and `xyz`. */
export function headerSecrets(headers: Record<string, string> | undefined): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!credentialHeaders.has(name.toLowerCase())) continue;
    out.push(value);
    const scheme = /^\S+\s+(\S+)$/.exec(value.trim());
    if (scheme) out.push(scheme[1]!);
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
