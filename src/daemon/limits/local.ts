// The counters of one daemon, in memory: fixed minute windows per key and per provider, budget
// reservations per key and period, and a wait list per provider for free slots. Exact because one
// process owns them all; spend of earlier runs comes from the ledger on first use (spentBefore).
import { budgetAdmits } from '../../engine/virtual-keys.js';
import { providerGate, type ProviderLimits } from '../../engine/provider-gate.js';
import { retryAfterSeconds, windowAt, windowRefuses, type WindowLimits } from '../../engine/rate-window.js';
import type {
  BudgetGrant,
  Cancellation,
  BudgetReservation,
  KeyCounters,
  KeyUsage,
  KeyWindowGrant,
  ProviderCounters,
  ProviderGrant,
} from './types.js';

interface WindowCount {
  start: number;
  requests: number;
  tokens: number;
}

/** The count of the window `now` is in; a count of an older window starts over. */
function current(windows: Map<string, WindowCount>, id: string, now: number): WindowCount {
  const start = windowAt(now).start;
  let w = windows.get(id);
  if (!w || w.start !== start) windows.set(id, (w = { start, requests: 0, tokens: 0 }));
  return w;
}

interface Spend {
  spent: number;
  reserved: number;
}

export class LocalKeyCounters implements KeyCounters {
  private readonly windows = new Map<string, WindowCount>();
  private readonly budgets = new Map<string, Spend>();

  /** spentBefore: what the ledger holds for that key and period (read once per period). */
  constructor(private readonly spentBefore: (key: string, period: string) => number) {}

  takeRequest(key: string, limits: WindowLimits, estimatedTokens: number, now: number): KeyWindowGrant {
    const w = current(this.windows, key, now);
    const which = windowRefuses(w, limits);
    if (which !== undefined) return { ok: false, which, retryAfterSec: retryAfterSeconds(now) };
    w.requests++;
    w.tokens += estimatedTokens;
    return { ok: true, windowStart: w.start };
  }

  settleTokens(key: string, windowStart: number, estimatedTokens: number, actualTokens: number): void {
    const w = this.windows.get(key);
    if (w && w.start === windowStart) w.tokens = Math.max(0, w.tokens + actualTokens - estimatedTokens);
  }

  private spend(key: string, period: string): Spend {
    const id = `${key}\u0000${period}`;
    let s = this.budgets.get(id);
    if (!s) {
      // A new period: the previous one's counter goes once no request in flight still settles into it.
      for (const [other, o] of this.budgets) if (other.startsWith(`${key}\u0000`) && o.reserved === 0) this.budgets.delete(other);
      this.budgets.set(id, (s = { spent: this.spentBefore(key, period), reserved: 0 }));
    }
    return s;
  }

  reserve(key: string, period: string, budgetUsd: number, usd: number): BudgetGrant {
    const s = this.spend(key, period);
    if (!budgetAdmits(budgetUsd, s.spent, s.reserved)) return { ok: false, spentUsd: s.spent };
    s.reserved += usd;
    return { ok: true, reservation: { key, period, usd } };
  }

  settle(r: BudgetReservation, actualUsd: number): void {
    const s = this.spend(r.key, r.period);
    s.reserved = Math.max(0, s.reserved - r.usd);
    s.spent += actualUsd;
  }

  release(r: BudgetReservation): void {
    this.settle(r, 0);
  }

  spent(key: string, period: string): number {
    return this.spend(key, period).spent;
  }

  reserved(key: string, period: string): number {
    return this.spend(key, period).reserved;
  }

  async usage(key: string, period: string): Promise<KeyUsage> {
    const s = this.spend(key, period);
    return { spentUsd: s.spent, reservedUsd: s.reserved };
  }
}

interface ProviderSlot extends WindowCount {
  inFlight: number;
  /** Waiters woken when a slot frees. */
  waiting: Set<() => void>;
}

export class LocalProviderCounters implements ProviderCounters {
  private readonly slots = new Map<string, ProviderSlot>();

  constructor(private readonly clock: () => number) {}

  private slot(provider: string, now: number): ProviderSlot {
    let s = this.slots.get(provider);
    if (!s) this.slots.set(provider, (s = { start: 0, requests: 0, tokens: 0, inFlight: 0, waiting: new Set() }));
    const start = windowAt(now).start;
    if (s.start !== start) Object.assign(s, { start, requests: 0, tokens: 0 });
    return s;
  }

  async acquire(
    provider: string,
    limits: ProviderLimits,
    estimatedTokens: number,
    latestStart: number,
    signal: Cancellation,
  ): Promise<ProviderGrant> {
    const began = this.clock();
    for (;;) {
      const now = this.clock();
      const s = this.slot(provider, now);
      const gate = providerGate(s, limits, now, latestStart);
      if (gate.kind === 'skip') return { ok: false, reason: gate.reason };
      if (gate.kind === 'go') return this.take(s, estimatedTokens, now - began);
      if (signal.aborted) return { ok: false, reason: 'the client went away while the request queued' };
      await this.sleep(s, gate.until - now, signal);
    }
  }

  private take(s: ProviderSlot, estimatedTokens: number, waitedMs: number): ProviderGrant {
    s.inFlight++;
    s.requests++;
    s.tokens += estimatedTokens;
    const windowStart = s.start;
    let released = false;
    return {
      ok: true,
      waitedMs,
      release: (actualTokens) => {
        if (released) return;
        released = true;
        s.inFlight--;
        if (s.start === windowStart) s.tokens = Math.max(0, s.tokens + actualTokens - estimatedTokens);
        // The oldest waiter goes first; the others keep waiting for their own slot or deadline.
        const first = s.waiting.values().next();
        if (!first.done) first.value();
      },
    };
  }

  private sleep(s: ProviderSlot, ms: number, signal: Cancellation): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        s.waiting.delete(done);
        signal.off('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      s.waiting.add(done);
      signal.on('abort', done);
    });
  }
}
