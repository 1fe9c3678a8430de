// The exact response cache as policy: which requests may be answered from it, and the canonical
// text two requests share exactly when the same answer fits both. Pure; the daemon hashes the text.
import type { Config } from '../config/schema.js';
import type { CanonicalRequest } from '../wire/canonical.js';

export type Cacheability = { cacheable: true } | { cacheable: false; reason: string };

/**
 * A route opts in (`cache: true`) and the cache is on. A sampled answer (temperature above 0) is one
 * of many, so by default only deterministic requests are cached; n > 1 asks for several answers.
 */
export function cacheability(config: Pick<Config, 'cache' | 'routes'>, route: string | null, req: CanonicalRequest): Cacheability {
  if (!config.cache.enabled) return { cacheable: false, reason: 'cache off' };
  if (route === null || config.routes[route]?.cache !== true) return { cacheable: false, reason: 'route does not cache' };
  if (!config.cache.anyTemperature && req.temperature !== undefined && req.temperature !== 0)
    return { cacheable: false, reason: `temperature ${req.temperature}` };
  if (req.n !== undefined && req.n > 1) return { cacheable: false, reason: `n = ${req.n}` };
  return { cacheable: true };
}

/**
 * Top-level fields (of the request and of its per-format extras) that change how a request is
 * framed or billed, not what the answer is: the model name (the route stands for it), streaming,
 * the end-user id, prompt-cache hints and format-only hints. Dropped only at those levels: a tool
 * schema may well have a property called "model".
 */
const framingFields = new Set([
  'model',
  'stream',
  'stream_options',
  'userId',
  'user',
  'safety_identifier',
  'metadata',
  'store',
  'service_tier',
  'cacheControl',
  'systemAsString',
  'maxTokensField',
]);

function withoutFraming(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !framingFields.has(k)));
}

/** JSON with keys sorted at every level: equal values give equal text. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
}

/** What the cache key is the hash of: the route the model resolved to, then the canonical request less its framing. */
export function cacheKeyText(route: string, req: CanonicalRequest): string {
  const semantic = withoutFraming(req as unknown as Record<string, unknown>);
  // A string and a one-text-part array say the same: asString only shapes the echo back to OpenAI.
  semantic.messages = req.messages.map(({ asString: _asString, ...m }) => m);
  // Extras left empty once their framing is gone say nothing: a request without them is the same.
  const extras: Record<string, unknown> = {};
  for (const [format, fields] of Object.entries(req.extras ?? {})) {
    const kept = fields ? withoutFraming(fields) : {};
    if (Object.keys(kept).length > 0) extras[format] = kept;
  }
  semantic.extras = Object.keys(extras).length > 0 ? extras : undefined;
  return `${JSON.stringify(route)}\n${stable(semantic)}`;
}
