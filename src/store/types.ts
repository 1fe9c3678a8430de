// The store's public contract: what the daemon writes and what the CLI (read-only) reads.
// Everything here is plain data so other rooms can import these types without pulling in SQLite.
import type { CapturedExchange } from './captured-prompts.js';
import type { ResponseCacheRepo } from './cache-repo.js';
import type { KeySpendQueries } from './key-rollups.js';
import type { KeysRepo } from './keys-repo.js';
import type { BanditRepo } from './bandit-repo.js';
import type { LearnedModels } from './learned-repo.js';
import type { StatsReader } from './stats-repo.js';

export type { StatsReader, StatsQuery } from './stats-repo.js';

export type ClientFormat = 'openai' | 'anthropic' | 'responses';

/** The state repo key under which the daemon persists its RouterState. */
export const ROUTER_STATE_KEY = 'router';

/** One client request, written once when it completes (success, error or client abort). */
export interface RequestRecord {
  decisionId: string;
  /** ms epoch, request start */
  ts: number;
  route: string | null;
  clientFormat: ClientFormat;
  requestedModel: string;
  stream: boolean;
  /** final provider/model, null when no attempt was made */
  target: string | null;
  /** HTTP status sent to the client */
  status: number;
  outcome: 'ok' | 'error' | 'aborted';
  errorClass?: string;
  attempts: number;
  latencyMs: number;
  ttftMs?: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costUsd: number;
  /** decision trace, stored as JSON text; must be JSON-serialisable */
  trace?: unknown;
  /** The redacted last user message (ledger.capturePrompts); written, never read back with the row. */
  prompt?: string;
  /** The last user message's length before redaction and truncation (with `prompt`). */
  promptChars?: number;
  /** The virtual key (or `apiKeys` entry, as "config") that made the request; absent: none. */
  keyName?: string;
  /** The exact response cache: `hit` answered from it (cost 0), `miss` looked up and then stored. */
  cache?: 'hit' | 'miss';
  /** The A/B experiment and arm the request was assigned to (written from schema 8; not read back by ledger queries). */
  experiment?: string;
  arm?: string;
  /** What plan() decided from, for `router replay` (engine/replay-facts.ts); written only. */
  facts?: unknown;
}

/** One upstream attempt made for a request; `seq` is 1-based in the order tried. */
export interface AttemptRecord {
  decisionId: string;
  seq: number;
  ts: number;
  target: string;
  provider: string;
  model: string;
  outcome: 'ok' | 'failed' | 'aborted';
  errorClass?: string;
  status?: number;
  ttftMs?: number;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  tokensCacheWrite: number;
  costUsd: number;
}

export interface LedgerEntry {
  request: RequestRecord;
  attempts: AttemptRecord[];
}

/** `router rate good|bad [comment]`; one rating per decision, the latest wins. */
export interface RatingRecord {
  decisionId: string;
  ts: number;
  rating: 'good' | 'bad';
  comment?: string;
  /** provider/model that answered the decision; kept so the rating outlives the pruned request. */
  target?: string;
}

export interface StoreOptions {
  /** How long an enqueued write may wait before the timer writes it. Default 50. */
  flushIntervalMs?: number;
  /** Queue length that triggers an early write (next tick) instead of waiting for the timer. Default 64. */
  maxBatch?: number;
  /**
   * Queued ledger entries kept while writes keep failing (disk full, locked file); beyond this the
   * oldest are dropped and reported through onError so memory stays bounded. Default 100_000.
   */
  maxPending?: number;
  /** Failed background writes and dropped entries are reported here; they never throw into callers. */
  onError?: (err: Error) => void;
  /** How long a statement waits for another connection's lock before failing (then retried by the queue). Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Checkpoint the WAL from a worker thread at this interval instead of inside the COMMIT that
   * crosses 1,000 pages (the daemon: the fsyncs stay off its event loop). Absent: SQLite's own.
   */
  checkpointEveryMs?: number;
  /** Clock for bookkeeping columns (migration applied_at, state updated_at). Default Date.now. */
  now?: () => number;
}

export interface LedgerReader {
  get(decisionId: string): LedgerEntry | null;
  /** The most recent request by ts. */
  last(): LedgerEntry | null;
  /** Newest first. */
  recent(limit: number): RequestRecord[];
}

export interface Ledger extends LedgerReader {
  /** O(1) and no I/O: queued, then written by a timer in one transaction. */
  enqueue(req: RequestRecord, attempts: AttemptRecord[]): void;
  /** Write everything queued now, synchronously, in one transaction. Never throws (see onError). */
  flush(): void;
  /** Ledger entries queued and not yet written. */
  pending(): number;
  /**
   * Retention: flushes, then deletes requests with ts < olderThanMs and their attempts (plus any attempt
   * with ts < olderThanMs); returns rows deleted across both tables. Rollups stay. Never throws: 0 + onError.
   */
  prune(olderThanMs: number): number;
}

/** Spend rollups from attempts' costUsd; `day` is the UTC yyyy-mm-dd of the attempt's ts. Queued spend is included. */
export interface SpendReader {
  /** USD */
  day(provider: string, day: string): number;
  /** USD, both days inclusive */
  range(provider: string, fromDay: string, toDay: string): number;
  /** USD per provider, both days inclusive; providers with no attempts in the range are absent (free ones show 0) */
  byProvider(fromDay: string, toDay: string): Record<string, number>;
}

/** Persisted routing state (cooldowns, breakers, latency, active route, flags) as JSON values. */
export interface StateRepo {
  get<T>(key: string): T | undefined;
  /** Write-behind like the ledger: visible to get/all at once, written with the next flush. */
  set(key: string, value: unknown): void;
  delete(key: string): void;
  all(): Record<string, unknown>;
}

export interface RatingsRepo {
  /** Queued like the ledger; visible to get at once. */
  set(rating: RatingRecord): void;
  get(decisionId: string): RatingRecord | null;
}

/** The conversation items of one finished Responses API response, kept for `previous_response_id`. */
export interface ConversationRecord {
  /** The response id the router returned to the client. */
  responseId: string;
  /** ms epoch, when the response finished */
  ts: number;
  /** JSON array of Responses items: the request's input items, then the response's output items. */
  items: string;
}

export interface ConversationsRepo {
  /** Queued like the ledger (no I/O); visible to get at once. */
  put(record: ConversationRecord): void;
  /** The items JSON stored under responseId at or after notBeforeMs; null when unknown or older. One prepared-statement read, no flush. */
  get(responseId: string, notBeforeMs: number): string | null;
  /** Deletes records older than olderThanMs, then all but the newest maxEntries; returns rows deleted. Never throws: 0 + onError. */
  prune(olderThanMs: number, maxEntries: number): number;
}

export interface Store {
  ledger: Ledger;
  conversations: ConversationsRepo;
  spend: SpendReader;
  state: StateRepo;
  ratings: RatingsRepo;
  /** Learned difficulty models (`router learn`), newest in use. */
  learned: LearnedModels;
  /** Requests that kept their prompt (ledger.capturePrompts) since a time, oldest first; flushes first. */
  captured(sinceMs: number, limit: number): CapturedExchange[];
  /** Virtual keys (hashed secrets) and what each spent per day and month. */
  keys: KeysRepo;
  keySpend: Pick<KeySpendQueries, 'spentUsd'>;
  /** The exact response cache (config `cache`, route `cache: true`). */
  responseCache: ResponseCacheRepo;
  /** Bandit posteriors (strategy: bandit). */
  bandit: BanditRepo;
  /** `router stats` reports, ratings per target, ledger history for `router events --since`. Flushes first. */
  stats: StatsReader;
  /** Flush, stop the timer, checkpoint the WAL, close. Idempotent. */
  close(): void;
}

/**
 * A second process's view (`router route --dry-run`, stats with no daemon). Same shape as Store;
 * at run time every write (ledger.enqueue/flush/prune, state.set/delete) throws
 * StoreReadOnlyError. Works on a missing file: empty results, nothing created.
 */
export type ReadOnlyStore = Pick<Store, 'ledger' | 'spend' | 'state' | 'stats'> & {
  ratings: Pick<RatingsRepo, 'get'>;
  close(): void;
};

export class StoreReadOnlyError extends Error {
  constructor(operation: string, file: string) {
    super(`${operation} is a write, and ${file} was opened read-only (only the daemon writes the ledger)`);
    this.name = 'StoreReadOnlyError';
  }
}
