// Team scale on Redis (team.ts asks for it when `cluster:` is set): virtual keys, their rpm/tpm and
// budget counters, providers' rpm/tpm and the response cache, each the same interface the single
// daemon uses, so the request path does not change. The local parts stay as the fallback.
import type { Config } from '../../config/schema.js';
import type { KeysRepo } from '../../store/keys-repo.js';
import type { SqliteCacheStore } from '../cache/sqlite-store.js';
import { KeyService } from '../keys/service.js';
import type { LocalProviderCounters } from '../limits/local.js';
import type { Logger } from '../log.js';
import type { Bus } from './bus.js';
import { RedisCacheStore } from './cache-store.js';
import { SharedKeyCounters } from './key-counters.js';
import { SharedKeyDirectory } from './key-directory.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';
import { SharedProviderCounters } from './provider-counters.js';

export interface LocalTeam {
  keysRepo: KeysRepo;
  ledgerSpent: (key: string, period: string) => number;
  cache: SqliteCacheStore;
  providerLimits: LocalProviderCounters;
  config: () => Config;
  clock: () => number;
}

export function sharedTeam(link: RedisLink, keys: ClusterKeys, bus: Bus, daemon: string, log: Logger, local: LocalTeam) {
  // The directory is built first (it loads the mirror), the service that memoises its lookups after.
  const changed = { forget: (): void => {} };
  const directory = new SharedKeyDirectory(link, keys, bus, local.keysRepo, () => changed.forget());
  const service = new KeyService(
    directory,
    new SharedKeyCounters(link, keys, local.ledgerSpent, daemon, () => directory.list(), local.clock, log),
    local.clock,
  );
  changed.forget = () => service.forget();
  return {
    keys: service,
    cache: new RedisCacheStore(link, keys, local.cache, local.config),
    providerLimits: new SharedProviderCounters(link, keys, local.providerLimits, local.clock),
  };
}
