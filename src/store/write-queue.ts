// Write-behind for everything the daemon persists: callers only push to memory; an unref'd timer
// writes the lot in one transaction. A failing write never throws at the caller: the batch is kept
// (disk full, file locked) or, when one record is at fault, written record by record so only the
// bad one is dropped. Every failure is reported through `report`.
import { accumulateSpend, type SpendDelta } from './rollups.js';
import type { ConversationRecord, LedgerEntry, RatingRecord } from './types.js';

export interface Batch {
  entries: LedgerEntry[];
  /** JSON text per key; null deletes the key. */
  state: Map<string, string | null>;
  ratings: Map<string, RatingRecord>;
  /** Keyed by response id. */
  conversations: Map<string, ConversationRecord>;
}

export interface WriteQueueOptions {
  flushIntervalMs: number;
  maxBatch: number;
  maxPending: number;
  /** Writes the batch in one transaction; throws to roll back. */
  write(batch: Batch): void;
  report(err: Error): void;
}

const MAX_BACKOFF_MS = 5_000;

const emptyBatch = (): Batch => ({ entries: [], state: new Map(), ratings: new Map(), conversations: new Map() });
const isEmpty = (b: Batch): boolean => b.entries.length === 0 && b.state.size === 0 && b.ratings.size === 0 && b.conversations.size === 0;
const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * True when the data, not the database, is at fault (constraint, type or binding errors): retrying
 * the same record can never succeed. Anything else (busy, locked, I/O, full) may pass on retry.
 */
export function isRecordFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err instanceof TypeError || err instanceof RangeError;
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

export class WriteQueue {
  private queued: Batch = emptyBatch();
  // Spend of the queued entries per provider/day, kept as they come so a budget check stays O(1)
  // even when a write outage has queued thousands of entries.
  private spend = new Map<string, SpendDelta>();
  private timer: NodeJS.Timeout | null = null;
  private timerIsEarly = false;
  private failures = 0;
  private stopped = false;

  constructor(private readonly opts: WriteQueueOptions) {}

  entries(): readonly LedgerEntry[] {
    return this.queued.entries;
  }

  queuedSpend(): Iterable<SpendDelta> {
    return this.spend.values();
  }

  /** undefined: no queued change for this key; null: queued delete. */
  stateOp(key: string): string | null | undefined {
    return this.queued.state.get(key);
  }

  stateOps(): ReadonlyMap<string, string | null> {
    return this.queued.state;
  }

  rating(decisionId: string): RatingRecord | undefined {
    return this.queued.ratings.get(decisionId);
  }

  conversation(responseId: string): ConversationRecord | undefined {
    return this.queued.conversations.get(responseId);
  }

  enqueue(entry: LedgerEntry): void {
    if (this.refuseAfterStop('ledger.enqueue')) return;
    const entries = this.queued.entries;
    entries.push(entry);
    accumulateSpend(this.spend, entry.attempts);
    if (entries.length > this.opts.maxPending) {
      // Drop a tenth at once so a long outage costs O(1) amortised per enqueue, not a shift each time.
      const dropped = entries.splice(0, Math.max(1, Math.ceil(this.opts.maxPending / 10))).length;
      this.retally();
      this.report(new Error(`ledger write queue is full (maxPending ${this.opts.maxPending}): dropped the ${dropped} oldest entries`));
    }
    this.schedule();
  }

  setState(key: string, json: string | null): void {
    if (this.refuseAfterStop('state write')) return;
    this.queued.state.set(key, json);
    this.schedule();
  }

  setRating(rating: RatingRecord): void {
    if (this.refuseAfterStop('ratings.set')) return;
    this.queued.ratings.set(rating.decisionId, rating);
    this.schedule();
  }

  putConversation(record: ConversationRecord): void {
    if (this.refuseAfterStop('conversations.put')) return;
    this.queued.conversations.set(record.responseId, record);
    this.schedule();
  }

  flush(): void {
    if (isEmpty(this.queued)) return;
    const batch = this.queued;
    this.queued = emptyBatch();
    let kept = emptyBatch();
    try {
      this.opts.write(batch);
    } catch (err) {
      this.report(toError(err));
      kept = isRecordFault(err) ? this.salvage(batch) : batch;
    }
    this.failures = isEmpty(kept) ? 0 : this.failures + 1;
    // Nothing can enqueue during a synchronous write, so `this.queued` is still empty here.
    this.queued = kept;
    this.retally();
    this.schedule();
  }

  /** Stops the timer; later writes are refused and reported. Call after the final flush. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One record at a time, so only records at fault are dropped; stops at the first database fault. */
  private salvage(batch: Batch): Batch {
    const rest = emptyBatch();
    if (batch.state.size > 0 || batch.ratings.size > 0 || batch.conversations.size > 0) {
      const attempt = this.tryWrite({ entries: [], state: batch.state, ratings: batch.ratings, conversations: batch.conversations });
      if (attempt === 'retry') Object.assign(rest, { state: batch.state, ratings: batch.ratings, conversations: batch.conversations });
      if (attempt === 'dropped') {
        this.report(
          new Error(`dropped ${batch.state.size} state, ${batch.ratings.size} rating and ${batch.conversations.size} conversation writes`),
        );
      }
    }
    for (let i = 0; i < batch.entries.length; i++) {
      const entry = batch.entries[i] as LedgerEntry;
      const attempt = this.tryWrite({ ...emptyBatch(), entries: [entry] });
      if (attempt === 'dropped') this.report(new Error(`dropped ledger entry ${entry.request.decisionId}`));
      if (attempt === 'retry') {
        rest.entries = batch.entries.slice(i);
        break;
      }
    }
    return rest;
  }

  private retally(): void {
    this.spend = new Map();
    for (const entry of this.queued.entries) accumulateSpend(this.spend, entry.attempts);
  }

  private tryWrite(batch: Batch): 'written' | 'dropped' | 'retry' {
    try {
      this.opts.write(batch);
      return 'written';
    } catch (err) {
      this.report(toError(err));
      return isRecordFault(err) ? 'dropped' : 'retry';
    }
  }

  private schedule(): void {
    if (this.stopped || isEmpty(this.queued)) return;
    const early = this.queued.entries.length >= this.opts.maxBatch && this.failures === 0;
    if (this.timer && (this.timerIsEarly || !early)) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = early ? 0 : Math.min(this.opts.flushIntervalMs * 2 ** this.failures, Math.max(MAX_BACKOFF_MS, this.opts.flushIntervalMs));
    this.timerIsEarly = early;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
    this.timer.unref();
  }

  private refuseAfterStop(operation: string): boolean {
    if (this.stopped) this.report(new Error(`${operation} after the store was closed: not written`));
    return this.stopped;
  }

  private report(err: Error): void {
    try {
      this.opts.report(err);
    } catch {
      // A throwing reporter must not turn a lost write into a crashed daemon (this runs on a timer).
    }
  }
}
