// The counters that must be exact: a key's requests and tokens per minute, a key's budget
// reservations, a provider's rpm/tpm/concurrency. One daemon counts in memory (local.ts); a
// cluster implements the same interface with atomic Redis scripts, and no caller changes.
import type { ProviderLimits } from '../../engine/provider-gate.js';
import type { WindowLimits } from '../../engine/rate-window.js';

export type KeyWindowGrant =
  /** Counted in the window starting at `windowStart` (in Redis when `shared`); settle its tokens there once they are known. */
  { ok: true; windowStart: number; shared?: boolean } | { ok: false; which: 'rpm' | 'tpm'; retryAfterSec: number };

export interface BudgetReservation {
  key: string;
  /** The budget's day or month (budgetPeriodKey). */
  period: string;
  usd: number;
  /** The hold's id when it was made in Redis (a cluster); absent for a hold in this daemon's memory. */
  id?: string;
}

export type BudgetGrant = { ok: true; reservation: BudgetReservation } | { ok: false; spentUsd: number };

export type ProviderGrant =
  | { ok: true; waitedMs: number; /** Frees the slot and puts the real tokens in the window. */ release(actualTokens: number): void }
  | { ok: false; reason: string };

/** A key's figures for `router keys show`. */
export interface KeyUsage {
  spentUsd: number;
  reservedUsd: number;
}

/** One daemon answers at once; a cluster asks Redis (the only round trips on a key's request path). */
export interface KeyCounters {
  /** Counts one request (and its estimated tokens) when the key's window admits it. */
  takeRequest(key: string, limits: WindowLimits, estimatedTokens: number, now: number): KeyWindowGrant | Promise<KeyWindowGrant>;
  /** The estimate becomes the real count in the window the request was counted in (`shared`: in Redis). */
  settleTokens(key: string, windowStart: number, estimatedTokens: number, actualTokens: number, shared?: boolean): void;
  /** Reserves `usd` while spent + reserved stays under the budget (engine budgetAdmits). */
  reserve(key: string, period: string, budgetUsd: number, usd: number): BudgetGrant | Promise<BudgetGrant>;
  /** The request is over: its reservation becomes its real cost. */
  settle(reservation: BudgetReservation, actualUsd: number): void;
  /** The request failed before costing anything (or cost was already settled). */
  release(reservation: BudgetReservation): void;
  /** Spent in that period (without reservations), and reserved by requests in flight. */
  usage(key: string, period: string): Promise<KeyUsage>;
}

/** A request's cancellation (the executor's ClientGone): a waiter stops waiting when its client leaves. */
export interface Cancellation {
  readonly aborted: boolean;
  on(event: 'abort', listener: () => void): unknown;
  off(event: 'abort', listener: () => void): unknown;
}

export interface ProviderCounters {
  /** Waits for the provider's limits until `latestStart` at the latest; gives up at once when the wait cannot end in time. */
  acquire(
    provider: string,
    limits: ProviderLimits,
    estimatedTokens: number,
    latestStart: number,
    signal: Cancellation,
  ): Promise<ProviderGrant>;
}
