// The parts of team scale for one daemon: virtual keys with their counters, the response cache,
// and the per-provider limiter, all local (SQLite and memory). A cluster swaps these for Redis
// implementations of the same interfaces, here, and nothing else changes.
import type { Config } from '../config/schema.js';
import type { Store } from '../store/types.js';
import { SqliteCacheStore } from './cache/sqlite-store.js';
import type { Cluster } from './cluster/cluster.js';
import { KeyService } from './keys/service.js';
import { LocalKeyCounters, LocalProviderCounters } from './limits/local.js';

export function teamParts(store: Store, config: () => Config, clock: () => number, cluster?: Cluster | null) {
  const ledgerSpent = (key: string, period: string): number => {
    // Spend still in the write queue counts too.
    store.ledger.flush();
    return store.keySpend.spentUsd(key, period);
  };
  const cache = new SqliteCacheStore(store.responseCache, config);
  const providerLimits = new LocalProviderCounters(clock);
  if (cluster) return cluster.team({ keysRepo: store.keys, ledgerSpent, cache, providerLimits, config, clock });
  return { keys: new KeyService(store.keys, new LocalKeyCounters(ledgerSpent), clock), cache, providerLimits };
}
