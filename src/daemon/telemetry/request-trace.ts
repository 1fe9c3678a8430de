// What trace export keeps of one finished request: a few scalars copied from the exchange and its
// attempt results (the request's own objects, not the prompt), taken once per request by the
// recorder and encoded into the open batch at once, so nothing of it outlives the request.
// spanFacts() is what both encodings derive from it the same way.
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

export interface SpanFacts {
  /** The attempt whose answer the client got (the last that succeeded), else the last made. */
  final: AttemptResult | undefined;
  /** The caller's trace id and span id (hex) when it sent a valid traceparent. */
  callerTraceId: string | undefined;
  callerSpanId: string | undefined;
  /** Why the first planned target did not answer, when another one did. */
  failoverReason: string | undefined;
  /** The request span's error.type (and status message); undefined when it succeeded. */
  errorType: string | undefined;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZEROS = /^0+$/;

export function spanFacts(t: RequestTrace): SpanFacts {
  // A caller that sent a W3C traceparent gets the router's spans inside its own trace.
  const parent = t.traceparent !== undefined ? TRACEPARENT.exec(t.traceparent.trim().toLowerCase()) : null;
  const joined = parent !== null && !ZEROS.test(parent[1]!) && !ZEROS.test(parent[2]!);
  const final = finalAttempt(t.attempts);
  const ok = !t.aborted && final?.outcome === 'ok' && t.status < 400;
  return {
    final,
    callerTraceId: joined ? parent[1] : undefined,
    callerSpanId: joined ? parent[2] : undefined,
    failoverReason: final && final.target.id !== t.firstPlanned ? t.attempts.find((a) => a.errorClass)?.errorClass : undefined,
    errorType: t.aborted ? 'client_closed' : ok ? undefined : (final?.errorClass ?? `http_${t.status}`),
  };
}

/** The last attempt that succeeded, else the last made (a plain loop: this runs once per request). */
function finalAttempt(attempts: readonly AttemptResult[]): AttemptResult | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) if (attempts[i]!.outcome === 'ok') return attempts[i];
  return attempts[attempts.length - 1];
}
