// What trace export keeps of one finished request: a few scalars copied from the exchange and its
// attempt results (the request's own objects, not the prompt), taken once per request by the
// recorder. Turning them into spans happens later, in a batch, off the request path.
import type { AttemptResult, RecordedExchange } from '../recorder.js';

export interface RequestTrace {
  decisionId: string;
  route: string | null;
  /** The model the client asked for ("auto", an alias, a provider/model). */
  requestedModel: string;
  clientFormat: string;
  stream: boolean;
  startedAt: number;
  endedAt: number;
  status: number;
  aborted: boolean;
  /** The engine's first choice: an answer from another target is a failover. */
  firstPlanned: string | undefined;
  attempts: readonly AttemptResult[];
  /** The client's W3C `traceparent`, so the router's spans join the caller's trace. */
  traceparent: string | undefined;
}

export function requestTrace(
  x: RecordedExchange,
  attempts: readonly AttemptResult[],
  status: number,
  aborted: boolean,
  endedAt: number,
): RequestTrace {
  const traceparent = x.facts.headers['traceparent'];
  return {
    decisionId: x.plan.decisionId,
    route: x.plan.route,
    requestedModel: x.facts.model,
    clientFormat: x.facts.clientFormat,
    stream: x.stream,
    startedAt: x.startedAt,
    endedAt,
    status,
    aborted,
    firstPlanned: x.plan.attempts[0]?.id,
    attempts,
    traceparent: typeof traceparent === 'string' ? traceparent : undefined,
  };
}

/** One span for the request and one per attempt. */
export const spanCount = (t: RequestTrace): number => 1 + t.attempts.length;
