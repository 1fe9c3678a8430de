// A second process's view of the daemon's file (`router route --dry-run`, stats with no daemon).
// Opens lazily so a missing file gives empty answers and creates nothing, and a file the daemon
// creates later is picked up on the next call.
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { DEFAULT_BUSY_TIMEOUT_MS, openReadOnly } from './connection.js';
import { LedgerQueries } from './ledger-repo.js';
import { readableVersion, schemaVersion } from './migrations.js';
import { RatingQueries } from './ratings-repo.js';
import { SpendQueries } from './spend-repo.js';
import { StateQueries } from './state-repo.js';
import { buildReport } from './stats-report.js';
import { StatsQueries } from './stats-repo.js';
import { StoreReadOnlyError, type ReadOnlyStore, type StoreOptions } from './types.js';

interface Views {
  ledger: LedgerQueries;
  spend: SpendQueries;
  state: StateQueries;
  ratings: RatingQueries;
  stats: StatsQueries;
}

export function openStoreReadOnly(file: string, opts: Pick<StoreOptions, 'busyTimeoutMs'> = {}): ReadOnlyStore {
  let db: Database.Database | null = null;
  let views: Views | null = null;
  let closed = false;

  const current = (): Views | null => {
    if (closed) throw new Error(`store ${file} is closed`);
    if (views) return views;
    if (!db) {
      if (!existsSync(file)) return null;
      db = openReadOnly(file, opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    }
    // The daemon may have created the file but not migrated it yet: empty until it has.
    if (schemaVersion(db) < readableVersion) return null;
    views = {
      ledger: new LedgerQueries(db),
      spend: new SpendQueries(db),
      state: new StateQueries(db),
      ratings: new RatingQueries(db),
      stats: new StatsQueries(db),
    };
    return views;
  };
  const refuse = (operation: string) => (): never => {
    throw new StoreReadOnlyError(operation, file);
  };

  return {
    ledger: {
      get: (decisionId) => current()?.ledger.get(decisionId) ?? null,
      last: () => current()?.ledger.last() ?? null,
      recent: (limit) => current()?.ledger.recent(limit) ?? [],
      pending: () => 0,
      enqueue: refuse('ledger.enqueue'),
      flush: refuse('ledger.flush'),
      prune: refuse('ledger.prune'),
    },
    spend: {
      day: (provider, day) => current()?.spend.day(provider, day) ?? 0,
      range: (provider, fromDay, toDay) => current()?.spend.range(provider, fromDay, toDay) ?? 0,
      byProvider: (fromDay, toDay) => current()?.spend.byProvider(fromDay, toDay) ?? {},
    },
    state: {
      get<T>(key: string): T | undefined {
        const json = current()?.state.getJson(key);
        return json === undefined ? undefined : (JSON.parse(json) as T);
      },
      all(): Record<string, unknown> {
        const out: Record<string, unknown> = {};
        for (const [key, json] of current()?.state.allJson() ?? []) out[key] = JSON.parse(json);
        return out;
      },
      set: refuse('state.set'),
      delete: refuse('state.delete'),
    },
    ratings: { get: (decisionId) => current()?.ratings.get(decisionId) ?? null },
    stats: {
      report: (q) => current()?.stats.report(q) ?? buildReport(q, [], [], []),
      ratingsByTarget: () => current()?.stats.ratingsByTarget() ?? {},
      entriesSince: (sinceMs, limit) => current()?.stats.entriesSince(sinceMs, limit) ?? [],
      entriesPage: (sinceMs, limit, after) => current()?.stats.entriesPage(sinceMs, limit, after) ?? { entries: [], next: null },
    },
    close(): void {
      if (closed) return;
      closed = true;
      db?.close();
    },
  };
}
