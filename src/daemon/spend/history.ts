// The ledger replayed as the live event stream would have shown it: `router events --since`.
import type { RouterEvent } from '../../protocol/index.js';
import type { LedgerEntry } from '../../store/types.js';
import { attemptEvent, iso } from '../router-events.js';

function plannedOf(e: LedgerEntry): string[] {
  const planned = (e.request.trace as { plannedOrder?: unknown } | undefined)?.plannedOrder;
  if (Array.isArray(planned) && planned.every((p) => typeof p === 'string')) return planned as string[];
  return e.attempts.map((a) => a.target);
}

export function historyEvents(entries: readonly LedgerEntry[]): RouterEvent[] {
  const out: RouterEvent[] = [];
  for (const e of entries) {
    const r = e.request;
    out.push({ type: 'decision', at: iso(r.ts), decisionId: r.decisionId, route: r.route, model: r.requestedModel, planned: plannedOf(e) });
    for (const a of e.attempts) out.push(attemptEvent(a));
    out.push({
      type: 'request',
      at: iso(r.ts + r.latencyMs),
      decisionId: r.decisionId,
      target: r.target,
      status: r.status,
      latencyMs: r.latencyMs,
      costUsd: r.costUsd,
      attempts: e.attempts.length,
    });
  }
  return out;
}
