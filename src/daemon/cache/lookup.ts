// The response cache on the request path: whether this request may be answered from it, the
// lookup, and what a miss stores once its answer is whole. Hashing is here (node:crypto); what
// goes into the hash and what is cacheable are the engine's (cache-key.ts).
import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { cacheability, cacheKeyText } from '../../engine/cache-key.js';
import type { CanonicalRequest } from '../../wire/canonical.js';
import type { UpstreamAnswer } from '../exchange.js';
import type { Logger } from '../log.js';
import { canonicalFromJson, canonicalFromStream } from './capture.js';
import type { CachedAnswer, CacheStore } from './types.js';

export type CacheLookup =
  { kind: 'skip' } | { kind: 'hit'; answer: CachedAnswer } | { kind: 'miss'; fill: (answer: UpstreamAnswer, targetId: string) => void };

export function cacheKey(route: string, req: CanonicalRequest): string {
  return createHash('sha256').update(cacheKeyText(route, req)).digest('hex');
}

/** Whether this request's route caches at all: checked before anything is decoded or awaited. */
export function routeCaches(store: CacheStore | undefined, config: Config, route: string | null): boolean {
  return store !== undefined && config.cache.enabled && route !== null && config.routes[route]?.cache === true;
}

export async function lookUp(
  store: CacheStore | undefined,
  config: Config,
  route: string | null,
  canonical: () => CanonicalRequest,
  now: () => number,
  log: Logger,
): Promise<CacheLookup> {
  if (!store || !routeCaches(store, config, route) || route === null) return { kind: 'skip' };
  const req = canonical();
  if (!cacheability(config, route, req).cacheable) return { kind: 'skip' };
  const key = cacheKey(route, req);
  const answer = await store.get(key, now());
  if (answer) return { kind: 'hit', answer };
  return {
    kind: 'miss',
    fill(upstream, targetId) {
      const response =
        upstream.json !== undefined
          ? canonicalFromJson(upstream.format, upstream.json)
          : canonicalFromStream(upstream.format, upstream.chunks ?? []);
      if (!response) return;
      // Stored after the client has its answer, off its path.
      setImmediate(() => {
        const at = now();
        store
          .put(key, { route, target: targetId, createdAt: at, response }, at)
          .catch((err: Error) => log.warn('cache.put_failed', { error: err.message }));
      });
    },
  };
}
