// An attempt's turn at a provider with limits (providers.<id>.rpm / tpm / concurrency): it waits
// in the provider's queue as long as the engine's gate allows, or gives way to the next target.
// The wait runs on the attempt's clock, so it counts toward its first-token deadline.
import type { Target } from '../config/schema.js';
import { providerLimitDefaults } from '../config/team-schema.js';
import { estimateTokens } from '../engine/estimate.js';
import { hasProviderLimits, queueDeadline } from '../engine/provider-gate.js';
import type { AttemptBook, Failed } from './attempt-book.js';
import type { Run } from './exchange.js';

/** `release` absent: the provider has no limits, nothing to give back. */
export type Turn = { ok: true; release?: (actualTokens: number) => void } | { ok: false; failed: Failed };

const free: Turn = { ok: true };

/** Synchronous (no promise, no wait) for a provider without limits: the hot path pays nothing. */
export function providerTurn(run: Run, target: Target, book: AttemptBook): Turn | Promise<Turn> {
  const provider = run.config.providers[target.provider];
  const counters = run.deps.providerLimits;
  if (!provider || !counters || !hasProviderLimits(provider)) return free;
  const deadline = queueDeadline(
    book.startedAt,
    provider.queueTimeoutMs ?? providerLimitDefaults.queueTimeoutMs,
    provider.firstTokenTimeoutMs ?? provider.firstByteTimeoutMs,
  );
  const tokens = estimateTokens(run.x.facts).input;
  return counters.acquire(target.provider, provider, tokens, deadline, run.gone).then((grant): Turn => {
    if (grant.ok) {
      if (grant.waitedMs > 0) run.x.plan.trace.notes.push(`${target.id}: queued ${grant.waitedMs} ms for the provider's limits`);
      return { ok: true, release: grant.release };
    }
    run.x.plan.trace.notes.push(`${target.id}: ${grant.reason}; failing over`);
    return { ok: false, failed: book.limited(`provider "${target.provider}" is at its limits: ${grant.reason}`) };
  });
}
