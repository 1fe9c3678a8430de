// Every Redis key and channel of one cluster, under router:NAME: so several clusters (and tests with
// random names) share one Redis without touching each other's keys.
export interface ClusterKeys {
  prefix: string;
  /** Pub/sub: state events, spend/budget/quota change notices, listener heartbeats. */
  bus: string;
  /** Pub/sub: `router events` of every daemon, published only while someone follows them. */
  events: string;
  /** The active route (`router switch`), JSON: a string or null. */
  route: string;
  /** Cooldowns and breakers as last written by any daemon, JSON; read when a daemon (re)connects. */
  health: string;
  /** Hash: provider -> JSON budget override (`router budget set|clear`). */
  budgets: string;
  /** Hash: provider -> JSON quota snapshot (UVI), the newest fetched by any daemon. */
  quota: string;
  /** Hash: "daemon|provider" -> nano-USD that daemon spent that UTC day (yyyy-mm-dd). */
  spendDay(day: string): string;
  /** Hash: "daemon|provider" -> nano-USD that daemon spent that UTC month (yyyy-mm). */
  spendMonth(month: string): string;
  /** Hash: key name -> JSON KeyRecord (the secret only as its hash). */
  virtualKeys: string;
  /** A virtual key's rpm/tpm window counters (one Redis key per window under these bases). */
  keyWindow(name: string): { requests: string; tokens: string };
  /** A virtual key's budget hold and totals keys for one period (counters.ts budgetKeys). */
  keyBudget(name: string, period: string): string;
  /** A provider's rpm/tpm window counters. */
  providerWindow(provider: string): { requests: string; tokens: string };
  /** The response cache: one string per entry under `cache:e:`, a zset of entries by expiry, a hash of their sizes. */
  cacheEntry(hash: string): string;
  cacheIndex: string;
  cacheSizes: string;
  /** Hash: hits, misses (all daemons). */
  cacheCounts: string;
}

export function clusterKeys(name: string): ClusterKeys {
  const prefix = `router:${name}:`;
  return {
    prefix,
    bus: `${prefix}bus`,
    events: `${prefix}events`,
    route: `${prefix}route`,
    health: `${prefix}health`,
    budgets: `${prefix}budgets`,
    quota: `${prefix}quota`,
    spendDay: (day) => `${prefix}spend:day:${day}`,
    spendMonth: (month) => `${prefix}spend:month:${month}`,
    virtualKeys: `${prefix}vkeys`,
    keyWindow: (name) => ({ requests: `${prefix}vkey:${name}:req`, tokens: `${prefix}vkey:${name}:tok` }),
    keyBudget: (name, period) => `${prefix}vkey:${name}:budget:${period}`,
    providerWindow: (provider) => ({ requests: `${prefix}provider:${provider}:req`, tokens: `${prefix}provider:${provider}:tok` }),
    cacheEntry: (hash) => `${prefix}cache:e:${hash}`,
    cacheIndex: `${prefix}cache:index`,
    cacheSizes: `${prefix}cache:sizes`,
    cacheCounts: `${prefix}cache:counts`,
  };
}
