// The exact response cache behind an interface: SQLite for one daemon (sqlite-store.ts); a cluster
// puts Redis behind the same methods, and the request path does not change.
import type { CacheStatsDTO } from '../../protocol/index.js';
import type { CanonicalResponse } from '../../wire/canonical.js';

export interface CachedAnswer {
  route: string;
  /** The target that first gave the answer (provider/model): what x-router-target says on a hit. */
  target: string;
  createdAt: number;
  response: CanonicalResponse;
}

export interface CacheStore {
  get(key: string, now: number): Promise<CachedAnswer | undefined>;
  put(key: string, answer: CachedAnswer, now: number): Promise<void>;
  stats(now: number): Promise<CacheStatsDTO>;
  clear(): Promise<number>;
}
