// Background refresh of remote figures (quota usage, balances), one snapshot per provider. Each
// source is fetched at most every `intervalMs` (never under 30 s); after a failure the next try
// backs off exponentially. Runs on its own unref'd timer, never on the request path.
import type { FetchJson } from './http-json.js';
import type { RemoteSource } from './sources.js';

export const MIN_INTERVAL_MS = 30_000;

export interface Snapshot<T> {
  source: RemoteSource;
  value?: T;
  /** Last successful fetch. */
  fetchedAt?: number;
  /** Last failure, cleared by the next success. */
  error?: string;
  failures: number;
  nextAt: number;
}

export interface PollerOptions<T> {
  intervalMs: number;
  maxBackoffMs?: number;
  fetchJson: FetchJson;
  parse: (body: unknown, source: RemoteSource, now: number) => T;
  clock: () => number;
  /** After every fetch, successful or not. */
  onChange?: (provider: string) => void;
  onError?: (provider: string, message: string) => void;
}

export class Poller<T> {
  private readonly snapshots = new Map<string, Snapshot<T>>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;

  constructor(private readonly opts: PollerOptions<T>) {
    this.intervalMs = Math.max(MIN_INTERVAL_MS, opts.intervalMs);
  }

  /** On start and config change: a new or changed source is fetched on the next tick. */
  setSources(sources: readonly RemoteSource[]): void {
    const keep = new Set(sources.map((s) => s.provider));
    for (const provider of this.snapshots.keys()) if (!keep.has(provider)) this.snapshots.delete(provider);
    for (const source of sources) {
      const old = this.snapshots.get(source.provider);
      if (old && old.source.url === source.url) old.source = source;
      else this.snapshots.set(source.provider, { source, failures: 0, nextAt: this.opts.clock() });
    }
  }

  list(): Snapshot<T>[] {
    return [...this.snapshots.values()];
  }

  get(provider: string): Snapshot<T> | undefined {
    return this.snapshots.get(provider);
  }

  /**
   * A figure fetched elsewhere (another daemon of the cluster): taken when newer than ours, and our
   * own next fetch waits a full interval from it, so a cluster polls a source about once per interval.
   */
  adopt(provider: string, value: T, fetchedAt: number): boolean {
    const s = this.snapshots.get(provider);
    if (!s || (s.fetchedAt !== undefined && s.fetchedAt >= fetchedAt)) return false;
    s.value = value;
    s.fetchedAt = fetchedAt;
    s.error = undefined;
    s.failures = 0;
    s.nextAt = Math.max(s.nextAt, fetchedAt + this.intervalMs);
    return true;
  }

  start(checkEveryMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Fetches every source that is due. */
  async tick(): Promise<void> {
    const now = this.opts.clock();
    await Promise.all(
      this.list()
        .filter((s) => s.nextAt <= now)
        .map((s) => this.fetch(s)),
    );
  }

  /** Fetches now (one provider, or all), whatever the schedule: `router uvi refresh`, `balance fetch`. */
  async refresh(provider?: string): Promise<void> {
    await Promise.all(
      this.list()
        .filter((s) => provider === undefined || s.source.provider === provider)
        .map((s) => this.fetch(s)),
    );
  }

  private fetch(s: Snapshot<T>): Promise<void> {
    const provider = s.source.provider;
    const running = this.inFlight.get(provider);
    if (running) return running;
    const done = this.fetchOnce(s).finally(() => this.inFlight.delete(provider));
    this.inFlight.set(provider, done);
    return done;
  }

  private async fetchOnce(s: Snapshot<T>): Promise<void> {
    const provider = s.source.provider;
    try {
      const body = await this.opts.fetchJson(s.source.url, s.source.headers);
      const now = this.opts.clock();
      s.value = this.opts.parse(body, s.source, now);
      s.fetchedAt = now;
      s.error = undefined;
      s.failures = 0;
      s.nextAt = now + this.intervalMs;
    } catch (err) {
      s.failures += 1;
      s.error = (err as Error).message;
      s.nextAt =
        this.opts.clock() + Math.min(this.intervalMs * 2 ** s.failures, Math.max(this.intervalMs, this.opts.maxBackoffMs ?? 900_000));
      this.opts.onError?.(provider, s.error);
    }
    this.opts.onChange?.(provider);
  }
}
