// The response cache of a cluster, in Redis: an answer stored by one daemon is a hit on all. Each
// entry is a string with its TTL (Redis forgets it by itself); a sorted set by expiry and a hash of
// sizes keep the count under maxEntries (the soonest to expire go first) and give `cache stats` its
// figures. A put is one Lua step; a lookup one GET.
// Redis down (or failing): this daemon's SQLite cache serves and stores meanwhile, as alone.
// Hits and misses are this daemon's since it started, as with SQLite; entries are the cluster's.
import type { Config } from '../../config/schema.js';
import type { CacheStatsDTO } from '../../protocol/index.js';
import type { SqliteCacheStore } from '../cache/sqlite-store.js';
import type { CachedAnswer, CacheStore } from '../cache/types.js';
import { Script } from './counters.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

/**
 * Drops expired entries (at most 200 per call) and the soonest-to-expire beyond maxEntries.
 * KEYS[1] index zset, KEYS[2] sizes hash; ARGV: entry key prefix, maxEntries. Entries are named
 * by prefix + member: fine on one Redis (not Redis Cluster, which the router does not use).
 */
const PRUNE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 200)
for _, m in ipairs(gone) do
  redis.call('DEL', ARGV[1] .. m)
  redis.call('ZREM', KEYS[1], m)
  redis.call('HDEL', KEYS[2], m)
end
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
if over > 0 then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do
    redis.call('DEL', ARGV[1] .. m)
    redis.call('ZREM', KEYS[1], m)
    redis.call('HDEL', KEYS[2], m)
  end
end
`;

/** KEYS as PRUNE; ARGV: prefix, maxEntries, member, value, ttlMs. */
const PUT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', ARGV[1] .. ARGV[3], ARGV[4], 'PX', tonumber(ARGV[5]))
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[3])
redis.call('HSET', KEYS[2], ARGV[3], string.len(ARGV[4]))
${PRUNE}
return 1
`;

/** KEYS, ARGV as PRUNE. Returns { entries, bytes }. */
const STATS = `${PRUNE}
local bytes = 0
for _, v in ipairs(redis.call('HVALS', KEYS[2])) do bytes = bytes + tonumber(v) end
return {redis.call('ZCARD', KEYS[1]), bytes}
`;

/** KEYS as PRUNE; ARGV[1] prefix. Returns how many entries were dropped. */
const CLEAR = `
local all = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, m in ipairs(all) do redis.call('DEL', ARGV[1] .. m) end
redis.call('DEL', KEYS[1], KEYS[2])
return #all
`;

const putScript = new Script(PUT);
const statsScript = new Script(STATS);
const clearScript = new Script(CLEAR);

export class RedisCacheStore implements CacheStore {
  private hits = 0;
  private misses = 0;
  private readonly prefix: string;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    /** This daemon's own cache: what serves while Redis is away. */
    private readonly local: SqliteCacheStore,
    private readonly config: () => Config,
  ) {
    this.prefix = keys.cacheEntry('');
  }

  private get up(): boolean {
    return this.link.state === 'up';
  }

  async get(key: string, now: number): Promise<CachedAnswer | undefined> {
    if (!this.up) return this.local.get(key, now);
    let json: string | null;
    try {
      json = await this.link.cmd.get(this.prefix + key);
    } catch {
      return this.local.get(key, now);
    }
    if (json === null) this.misses++;
    else this.hits++;
    return json === null ? undefined : (JSON.parse(json) as CachedAnswer);
  }

  async put(key: string, answer: CachedAnswer, now: number): Promise<void> {
    if (!this.up) return this.local.put(key, answer, now);
    const { ttlSeconds, maxEntries } = this.config().cache;
    await putScript.run(
      this.link.cmd,
      [this.keys.cacheIndex, this.keys.cacheSizes],
      [this.prefix, maxEntries, key, JSON.stringify(answer), ttlSeconds * 1000],
    );
  }

  async stats(now: number): Promise<CacheStatsDTO> {
    const mine = await this.local.stats(now);
    if (!this.up) return mine;
    const [entries, bytes] = (await statsScript.run(
      this.link.cmd,
      [this.keys.cacheIndex, this.keys.cacheSizes],
      [this.prefix, this.config().cache.maxEntries],
    )) as unknown as [number, number];
    const hits = this.hits + mine.hits;
    const misses = this.misses + mine.misses;
    const looked = hits + misses;
    return { ...mine, entries, bytes, hits, misses, hitPct: looked > 0 ? Math.round((hits / looked) * 1000) / 10 : null };
  }

  /** Both: the cluster's entries and whatever this daemon stored while Redis was away. */
  async clear(): Promise<number> {
    const local = await this.local.clear();
    if (!this.up) return local;
    const shared = (await clearScript.run(this.link.cmd, [this.keys.cacheIndex, this.keys.cacheSizes], [this.prefix])) as unknown as number;
    return shared + local;
  }
}
