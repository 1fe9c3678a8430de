// The response cache in router.db. Rows past their TTL are never answered; expired and over-count
// rows are pruned every PRUNE_EVERY puts, so the table stays near maxEntries without a timer.
import type { Config } from '../../config/schema.js';
import type { CacheStatsDTO } from '../../protocol/index.js';
import type { ResponseCacheRepo } from '../../store/cache-repo.js';
import type { CanonicalResponse } from '../../wire/canonical.js';
import type { CachedAnswer, CacheStore } from './types.js';

const PRUNE_EVERY = 100;

export class SqliteCacheStore implements CacheStore {
  private hits = 0;
  private misses = 0;
  private putsSincePrune = 0;

  constructor(
    private readonly repo: ResponseCacheRepo,
    private readonly config: () => Config,
  ) {}

  async get(key: string, now: number): Promise<CachedAnswer | undefined> {
    const row = this.repo.get(key, now);
    if (!row) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { route: row.route, target: row.target, createdAt: row.createdAt, response: JSON.parse(row.response) as CanonicalResponse };
  }

  async put(key: string, answer: CachedAnswer, now: number): Promise<void> {
    const { ttlSeconds, maxEntries } = this.config().cache;
    this.repo.put(key, { ...answer, response: JSON.stringify(answer.response) }, now + ttlSeconds * 1000);
    if (++this.putsSincePrune >= Math.min(PRUNE_EVERY, maxEntries)) {
      this.putsSincePrune = 0;
      this.repo.prune(now, maxEntries);
    }
  }

  async stats(now: number): Promise<CacheStatsDTO> {
    const c = this.config();
    this.repo.prune(now, c.cache.maxEntries);
    const size = this.repo.size(now);
    const looked = this.hits + this.misses;
    return {
      enabled: c.cache.enabled,
      entries: size.entries,
      bytes: size.bytes,
      maxEntries: c.cache.maxEntries,
      ttlSeconds: c.cache.ttlSeconds,
      hits: this.hits,
      misses: this.misses,
      hitPct: looked > 0 ? Math.round((this.hits / looked) * 1000) / 10 : null,
      routes: Object.values(c.routes)
        .filter((r) => r.cache === true)
        .map((r) => r.id),
    };
  }

  async clear(): Promise<number> {
    return this.repo.clear();
  }
}
