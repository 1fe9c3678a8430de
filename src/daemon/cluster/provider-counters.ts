// A provider's rpm/tpm windows across the daemons of a cluster, counted in Redis (one Lua step per
// attempt, counters.ts), so three daemons together stay within the provider's limit instead of three
// times it. Concurrency stays per daemon: a slot is held for a whole upstream call, and sharing it
// would cost Redis traffic for every release; it is taken first, here, by the local limiter.
// Redis down: the local limiter counts everything, per daemon.
import type { ProviderLimits } from '../../engine/provider-gate.js';
import type { LocalProviderCounters } from '../limits/local.js';
import type { Cancellation, ProviderCounters, ProviderGrant } from '../limits/types.js';
import { adjustTokens, takeRequestWindow } from './counters.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

export class SharedProviderCounters implements ProviderCounters {
  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    private readonly local: LocalProviderCounters,
    private readonly clock: () => number,
  ) {}

  async acquire(
    provider: string,
    limits: ProviderLimits,
    estimatedTokens: number,
    latestStart: number,
    signal: Cancellation,
  ): Promise<ProviderGrant> {
    if ((limits.rpm === undefined && limits.tpm === undefined) || this.link.state !== 'up')
      return this.local.acquire(provider, limits, estimatedTokens, latestStart, signal);
    const began = this.clock();
    const slot = await this.local.acquire(provider, { concurrency: limits.concurrency }, 0, latestStart, signal);
    if (!slot.ok) return slot;
    const window = this.keys.providerWindow(provider);
    for (;;) {
      let verdict;
      try {
        verdict = await takeRequestWindow(this.link.cmd, window, limits, estimatedTokens);
      } catch {
        slot.release(0);
        return this.local.acquire(provider, limits, estimatedTokens, latestStart, signal);
      }
      const now = this.clock();
      if (verdict.admitted) {
        const windowStart = verdict.windowStart;
        return {
          ok: true,
          waitedMs: now - began,
          release: (actualTokens) => {
            slot.release(0);
            if (this.link.state === 'up') adjustTokens(this.link.cmd, window, windowStart, actualTokens - estimatedTokens).catch(() => {});
          },
        };
      }
      const why = verdict.which === 'rpm' ? `rpm ${limits.rpm} reached across the cluster` : `tpm ${limits.tpm} reached across the cluster`;
      const end = now + verdict.retryAfterMs;
      if (end > latestStart || signal.aborted) {
        slot.release(0);
        return {
          ok: false,
          reason: signal.aborted
            ? 'the client went away while the request queued'
            : `${why}; the window ends in ${verdict.retryAfterMs} ms, past the attempt's queue deadline`,
        };
      }
      await sleep(verdict.retryAfterMs, signal);
    }
  }
}

/** Until the window ends in Redis's time (or the client leaves). */
function sleep(ms: number, signal: Cancellation): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.off('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.on('abort', done);
  });
}
