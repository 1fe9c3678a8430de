// What the control plane says about virtual keys and the response cache. The secret appears only
// in the answer of keys.create and keys.rotate (`key`), never again.

export interface KeyDTO {
  name: string;
  /** `sk-…abcd`: the last four characters, enough to tell keys apart. */
  masked: string;
  status: 'active' | 'revoked';
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  budgetUsd: number | null;
  budgetPeriod: 'daily' | 'monthly';
  /** Spent in the current budget period (UTC day or month). */
  spentUsd: number;
  /** Reserved by requests in flight. */
  reservedUsd: number;
  rpm: number | null;
  tpm: number | null;
  /** Routes the key may use; null: all. */
  routes: string[] | null;
}

/** keys.create / keys.rotate: the key and, once, its secret. */
export interface KeySecretDTO extends KeyDTO {
  key: string;
}

export interface CacheStatsDTO {
  enabled: boolean;
  entries: number;
  bytes: number;
  maxEntries: number;
  ttlSeconds: number;
  /** Since the daemon started. */
  hits: number;
  misses: number;
  hitPct: number | null;
  /** Routes with `cache: true`. */
  routes: string[];
}
