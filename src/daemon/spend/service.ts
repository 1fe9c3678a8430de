// Spend and pacing in the daemon: turns budgets (config + CLI), spend rollups and quota usage into
// the state the planner reads (`budgets.set`, `pressure.set`), refreshes quotas and balances in the
// background, and prunes the ledger daily. Nothing here runs on the request path: after a request
// the spend is re-read on a later turn of the event loop, coalesced.
import type { Config } from '../../config/schema.js';
import type { BudgetStat, Pressure } from '../../engine/types.js';
import { uviPressure, type QuotaWindow } from '../../engine/uvi.js';
import { RpcCode, RpcError, type BalancesDTO, type BudgetsDTO, type UviDTO } from '../../protocol/index.js';
import type { Ledger, Store } from '../../store/types.js';
import type { Logger } from '../log.js';
import { parseBalance, type ParsedBalance } from '../quota/balance-parse.js';
import { createFetchJson, type FetchJson } from '../quota/http-json.js';
import { Poller } from '../quota/poller.js';
import { parseQuota } from '../quota/quota-parse.js';
import { balanceSources, quotaSources } from '../quota/sources.js';
import type { StateHolder } from '../state/holder.js';
import { budgetStats, budgetsDto, budgetWarning } from './budget-view.js';
import { Overrides, type UviOverride } from './overrides.js';
import { startRetention } from './retention.js';
import { uviDto, uviWindows } from './uvi-view.js';

export interface SpendDeps {
  store: Pick<Store, 'spend' | 'state' | 'ledger'>;
  state: StateHolder;
  config: () => Config;
  clock: () => number;
  log: Logger;
  env: Record<string, string | undefined>;
  fetchJson?: FetchJson;
  quotaIntervalMs?: number;
  balanceIntervalMs?: number;
  /** Re-read budgets and UVI this often even without traffic (day and window boundaries pass). */
  recomputeEveryMs?: number;
  /** After each quota fetch of this daemon (the cluster shares the figures). */
  onQuotaFetched?: (provider: string) => void;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** Spend re-reads after requests are coalesced to this gap, so 5k requests/s cost 20 re-reads, not 5000. */
const RECOMPUTE_GAP_MS = 50;

export class SpendService {
  readonly overrides: Overrides;
  readonly quota: Poller<QuotaWindow[]>;
  readonly balance: Poller<ParsedBalance>;
  private pending = false;
  private stopped = false;
  private lastRun = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private stopRetention: (() => void) | null = null;

  constructor(private readonly d: SpendDeps) {
    this.overrides = new Overrides(d.store.state);
    const fetchJson = d.fetchJson ?? createFetchJson();
    const onError = (what: string) => (provider: string, message: string) =>
      d.log.warn(`${what}.fetch_failed`, { provider, error: message });
    this.quota = new Poller({
      intervalMs: d.quotaIntervalMs ?? 60_000,
      fetchJson,
      clock: d.clock,
      parse: (body, source, now) => parseQuota(body, now, source.windows),
      onChange: (provider) => {
        this.recompute();
        d.onQuotaFetched?.(provider);
      },
      onError: onError('quota'),
    });
    this.balance = new Poller({
      intervalMs: d.balanceIntervalMs ?? 600_000,
      fetchJson,
      clock: d.clock,
      parse: (body, source) => parseBalance(body, source.path),
      onError: onError('balance'),
    });
  }

  start(): void {
    this.onConfigChange();
    this.quota.start();
    this.balance.start();
    this.timer = setInterval(() => this.recompute(), this.d.recomputeEveryMs ?? 30_000);
    this.timer.unref();
    this.stopRetention = startRetention(this.d.store.ledger, this.d.config, this.d.clock, this.d.log);
  }

  stop(): void {
    // A recompute scheduled by the last requests must not run on the store the shutdown closes next.
    this.stopped = true;
    this.quota.stop();
    this.balance.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopRetention?.();
  }

  onConfigChange(): void {
    const config = this.d.config();
    this.quota.setSources(quotaSources(config, this.d.env));
    this.balance.setSources(balanceSources(config, this.d.env));
    this.applyUviFlags();
    this.recompute();
  }

  /** The recorder's ledger: each request's spend is picked up right after it is queued. */
  watch(ledger: Ledger): Ledger {
    return {
      ...ledger,
      enqueue: (request, attempts) => {
        ledger.enqueue(request, attempts);
        this.schedule();
      },
    };
  }

  recompute(): void {
    const now = this.d.clock();
    const config = this.d.config();
    const budgets = budgetStats(config, this.overrides.budgets(), this.d.store.spend, now);
    if (!sameJson(this.d.state.current.budgets ?? {}, budgets)) this.d.state.apply({ type: 'budgets.set', budgets });
    const s = this.d.state.current;
    const pressure: Record<string, Pressure> = s.uviEnabled ? uviPressure(this.windows(budgets, now), now, s.uviHard) : {};
    if (!sameJson(s.pressure ?? {}, pressure)) this.d.state.apply({ type: 'pressure.set', pressure });
  }

  budgets(): BudgetsDTO {
    return budgetsDto(this.d.config(), this.overrides.budgets(), this.d.store.spend, this.d.clock());
  }

  setBudget(provider: string, usd: number | null, monthly: boolean): BudgetsDTO {
    const config = this.d.config();
    if (!config.providers[provider]) {
      throw new RpcError(
        RpcCode.NotFound,
        `no provider "${provider}" in the config (providers: ${Object.keys(config.providers).join(', ') || 'none'})`,
      );
    }
    const period = monthly ? 'monthly' : 'daily';
    // Clearing a budget only the CLI set drops the override; clearing a config budget must override it.
    const value = usd === null && config.budgets[provider]?.[period] === undefined ? undefined : usd;
    this.overrides.setBudget(provider, period, value);
    this.recompute();
    return this.budgets();
  }

  uvi(): UviDTO {
    const now = this.d.clock();
    const s = this.d.state.current;
    const budgets = s.budgets ?? budgetStats(this.d.config(), this.overrides.budgets(), this.d.store.spend, now);
    return uviDto(s.uviEnabled, s.uviHard, this.windows(budgets, now), this.quota.list(), now);
  }

  setUvi(change: UviOverride): UviDTO {
    this.overrides.setUvi(change);
    this.applyUviFlags();
    this.recompute();
    return this.uvi();
  }

  async refreshUvi(): Promise<UviDTO> {
    await this.quota.refresh();
    this.recompute();
    return this.uvi();
  }

  async balances(fetch: boolean): Promise<BalancesDTO> {
    if (fetch) await this.balance.refresh();
    return {
      balances: this.balance.list().map((s) => ({
        provider: s.source.provider,
        url: s.source.url,
        available: s.value?.available ?? null,
        amounts: s.value?.amounts ?? [],
        fetchedAt: s.fetchedAt === undefined ? null : new Date(s.fetchedAt).toISOString(),
        error: s.error,
      })),
    };
  }

  /** For `router status`: budgets at >= 80% and the UVI verdicts in force. */
  statusExtras(): { budgetWarnings: string[]; pressure: Record<string, Pressure> } {
    const s = this.d.state.current;
    const budgetWarnings: string[] = [];
    for (const [provider, stat] of Object.entries(s.budgets ?? {})) {
      const w = budgetWarning(provider, stat);
      if (w) budgetWarnings.push(w);
    }
    return { budgetWarnings, pressure: { ...s.pressure } };
  }

  private windows(budgets: Readonly<Record<string, BudgetStat>>, now: number): Record<string, QuotaWindow[]> {
    return uviWindows(this.d.config(), budgets, (p) => this.quota.get(p), now);
  }

  private applyUviFlags(): void {
    const o = this.overrides.uvi();
    const cfg = this.d.config().uvi;
    const enabled = o.enabled ?? cfg.enabled;
    const hard = o.hard ?? cfg.hard;
    const s = this.d.state.current;
    if (s.uviEnabled !== enabled || s.uviHard !== hard) this.d.state.apply({ type: 'flags.set', uviEnabled: enabled, uviHard: hard });
  }

  /** Right after a quiet spell; under load at most every RECOMPUTE_GAP_MS (a few SQLite reads each). */
  private schedule(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    const run = () => {
      this.pending = false;
      if (this.stopped) return;
      this.lastRun = performance.now();
      this.recompute();
    };
    const wait = this.lastRun + RECOMPUTE_GAP_MS - performance.now();
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait).unref();
  }
}
