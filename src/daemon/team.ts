// The parts of team scale for one daemon: virtual keys with their counters, the response cache,
// and the per-provider limiter, all local (SQLite and memory). A cluster swaps these for Redis
// implementations of the same interfaces, here, and nothing else changes.
import type { Config } from '../config/schema.js';
import type { Store } from '../store/types.js';
import { SqliteCacheStore } from './cache/sqlite-store.js';
import { KeyService } from './keys/service.js';
import { LocalKeyCounters, LocalProviderCounters } from './limits/local.js';

export function teamParts(store: Store, config: () => Config, clock: () => number) {
  const counters = new LocalKeyCounters((key, period) => {
    // Spend still in the write queue counts too.
    store.ledger.flush();
    return store.keySpend.spentUsd(key, period);
  });
  return {
    keys: new KeyService(store.keys, counters, clock),
    cache: new SqliteCacheStore(store.responseCache, config),
    providerLimits: new LocalProviderCounters(clock),
  };
}
