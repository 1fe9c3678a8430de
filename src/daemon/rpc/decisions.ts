// Ledger entries as the control plane shows them (`router explain`).
import type { DecisionDTO } from '../../protocol/index.js';
import type { LedgerEntry } from '../../store/types.js';

export function decisionDto(e: LedgerEntry): DecisionDTO {
  const r = e.request;
  return {
    decisionId: r.decisionId,
    at: new Date(r.ts).toISOString(),
    route: r.route,
    clientFormat: r.clientFormat,
    requestedModel: r.requestedModel,
    stream: r.stream,
    target: r.target,
    status: r.status,
    outcome: r.outcome,
    latencyMs: r.latencyMs,
    costUsd: r.costUsd,
    trace: r.trace ?? null,
    attempts: e.attempts.map((a) => ({
      seq: a.seq,
      at: new Date(a.ts).toISOString(),
      target: a.target,
      outcome: a.outcome,
      errorClass: a.errorClass,
      status: a.status,
      ttftMs: a.ttftMs,
      latencyMs: a.latencyMs,
      tokensIn: a.tokensIn,
      tokensOut: a.tokensOut,
      costUsd: a.costUsd,
    })),
  };
}
