// The daemon's store: one read-write connection, writes batched off the request path.
import { BanditArmsRepo } from './bandit-repo.js';
import { DEFAULT_BUSY_TIMEOUT_MS, openWritable } from './connection.js';
import { startCheckpointer } from './checkpointer.js';
import { ConversationQueries, ConversationWriter } from './conversations-repo.js';
import { capturedExchanges } from './captured-prompts.js';
import { ResponseCacheRepo } from './cache-repo.js';
import { KeySpendQueries } from './key-rollups.js';
import { KeysRepo } from './keys-repo.js';
import { LearnedModels } from './learned-repo.js';
import { LedgerQueries, LedgerWriter } from './ledger-repo.js';
import { RatingQueries, RatingWriter } from './ratings-repo.js';
import { SpendQueries } from './spend-repo.js';
import { StateQueries, StateWriter } from './state-repo.js';
import { StatsQueries } from './stats-repo.js';
import type { ConversationsRepo, RatingsRepo, StateRepo, Store, StoreOptions } from './types.js';
import { WriteQueue, type Batch } from './write-queue.js';

export type { Store, StoreOptions } from './types.js';

function stateRepo(queries: StateQueries, queue: WriteQueue, report: (err: Error) => void): StateRepo {
  return {
    get<T>(key: string): T | undefined {
      const op = queue.stateOp(key);
      const json = op === undefined ? queries.getJson(key) : op;
      return json === null || json === undefined ? undefined : (JSON.parse(json) as T);
    },
    set(key: string, value: unknown): void {
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch (err) {
        report(new Error(`state.set(${key}): value is not JSON-serialisable: ${(err as Error).message}`));
        return;
      }
      // JSON has no undefined: setting it means "no value", the same as delete.
      queue.setState(key, json ?? null);
    },
    delete(key: string): void {
      queue.setState(key, null);
    },
    all(): Record<string, unknown> {
      const merged = queries.allJson();
      for (const [key, json] of queue.stateOps()) {
        if (json === null) merged.delete(key);
        else merged.set(key, json);
      }
      const out: Record<string, unknown> = {};
      for (const key of [...merged.keys()].sort()) out[key] = JSON.parse(merged.get(key) as string);
      return out;
    },
  };
}

function ratingsRepo(queries: RatingQueries, queue: WriteQueue): RatingsRepo {
  return {
    set: (rating) => queue.setRating({ ...rating }),
    get: (decisionId) => {
      const queued = queue.rating(decisionId);
      return queued ? { ...queued } : queries.get(decisionId);
    },
  };
}

function conversationsRepo(
  queries: ConversationQueries,
  queue: WriteQueue,
  prune: (olderThanMs: number, maxEntries: number) => number,
): ConversationsRepo {
  return {
    put: (record) => queue.putConversation({ ...record }),
    get: (responseId, notBeforeMs) => {
      const queued = queue.conversation(responseId);
      if (queued !== undefined) return queued.ts >= notBeforeMs ? queued.items : null;
      return queries.get(responseId, notBeforeMs);
    },
    prune,
  };
}

/**
 * Opens (creating and migrating as needed) the store at `file` (':memory:' works for tests).
 * Throws only here, at open: bad path, not a database, schema newer than this build.
 */
export function openStore(file: string, opts: StoreOptions = {}): Store {
  const now = opts.now ?? Date.now;
  const report = (err: Error): void => opts.onError?.(err);
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = openWritable(file, busyTimeoutMs, now);
  const checkpointer =
    opts.checkpointEveryMs !== undefined && file !== ':memory:' && file !== ''
      ? startCheckpointer(db, { file, intervalMs: opts.checkpointEveryMs, busyTimeoutMs }, report)
      : null;

  const ledgerWriter = new LedgerWriter(db);
  const stateWriter = new StateWriter(db);
  const ratingWriter = new RatingWriter(db);
  const conversationWriter = new ConversationWriter(db);
  const writeBatch = db.transaction((batch: Batch) => {
    ledgerWriter.write(batch.entries);
    stateWriter.write(batch.state, now());
    ratingWriter.write(batch.ratings.values());
    conversationWriter.write(batch.conversations.values());
  });
  const queue = new WriteQueue({
    flushIntervalMs: opts.flushIntervalMs ?? 50,
    // Under load a batch goes every 64 rows (~10 ms at 6k requests/s) rather than every 50 ms: queued
    // rows that outlive two young-generation GCs are copied into the old generation, which cost more
    // than the extra commits (profiled on bench/ab.js's json scenario: GC 30 -> 12 us per request,
    // the flush 22 -> 28).
    maxBatch: opts.maxBatch ?? 64,
    maxPending: opts.maxPending ?? 100_000,
    write: (batch) => writeBatch(batch),
    report,
  });
  const pruneTx = db.transaction((olderThanMs: number) => ledgerWriter.prune(olderThanMs));
  const pruneConversationsTx = db.transaction((olderThanMs: number, maxEntries: number) =>
    conversationWriter.prune(olderThanMs, maxEntries),
  );

  const ledgerQueries = new LedgerQueries(db);
  const statsQueries = new StatsQueries(db);
  const keySpend = new KeySpendQueries(db);
  let closed = false;
  const readable = (): void => {
    if (closed) throw new Error(`store ${file} is closed`);
    queue.flush();
  };

  return {
    ledger: {
      enqueue: (request, attempts) => queue.enqueue({ request, attempts }),
      flush: () => queue.flush(),
      pending: () => queue.entries().length,
      get: (decisionId) => (readable(), ledgerQueries.get(decisionId)),
      last: () => (readable(), ledgerQueries.last()),
      recent: (limit) => (readable(), ledgerQueries.recent(limit)),
      prune: (olderThanMs) => {
        readable();
        try {
          return pruneTx(olderThanMs);
        } catch (err) {
          report(err as Error);
          return 0;
        }
      },
    },
    spend: new SpendQueries(db, () => queue.queuedSpend()),
    stats: {
      report: (q) => (readable(), statsQueries.report(q)),
      ratingsByTarget: () => (readable(), statsQueries.ratingsByTarget()),
      entriesSince: (sinceMs, limit) => (readable(), statsQueries.entriesSince(sinceMs, limit)),
      entriesPage: (sinceMs, limit, after) => (readable(), statsQueries.entriesPage(sinceMs, limit, after)),
    },
    state: stateRepo(new StateQueries(db), queue, report),
    ratings: ratingsRepo(new RatingQueries(db), queue),
    conversations: conversationsRepo(new ConversationQueries(db), queue, (olderThanMs, maxEntries) => {
      readable();
      try {
        return pruneConversationsTx(olderThanMs, maxEntries);
      } catch (err) {
        report(err as Error);
        return 0;
      }
    }),
    learned: new LearnedModels(db),
    captured: (sinceMs, limit) => (readable(), capturedExchanges(db, sinceMs, limit)),
    keys: new KeysRepo(db),
    keySpend: { spentUsd: (name, period) => (readable(), keySpend.spentUsd(name, period)) },
    responseCache: new ResponseCacheRepo(db),
    bandit: new BanditArmsRepo(db, report),
    close(): void {
      if (closed) return;
      closed = true;
      queue.flush();
      queue.stop();
      checkpointer?.stop();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (err) {
        // Another connection may hold a read snapshot; the next open checkpoints instead.
        report(err as Error);
      }
      db.close();
    },
  };
}
