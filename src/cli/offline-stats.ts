// `router stats` reads the daemon's ledger file itself (read-only, WAL): a month of rollups costs
// the daemon nothing, and the report works with no daemon running.
import type { StatsDTO } from '../protocol/index.js';
import { openStoreReadOnly } from '../store/readonly.js';
import { statsQueryFor, type StatsWindowParams } from '../store/stats-repo.js';

export function statsFromLedger(db: string, params: StatsWindowParams, now: number): StatsDTO {
  const store = openStoreReadOnly(db);
  try {
    return store.stats.report(statsQueryFor(params, now));
  } finally {
    store.close();
  }
}
