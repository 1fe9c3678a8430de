// Finished requests as an OTLP/HTTP JSON export request (ExportTraceServiceRequest): one SERVER span
// per request, one CLIENT span per attempt as its child. Attribute names follow the OpenTelemetry
// GenAI semantic conventions (gen_ai.*), next to the router's own (router.*). Pure: ids come from
// the caller, so tests can pin them.
import type { AttemptResult } from '../recorder.js';
import type { RequestTrace } from './request-trace.js';

type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: AnyValue[] } };
export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  status: { code: number; message?: string };
}

export interface ExportTraceRequest {
  resourceSpans: Array<{
    resource: { attributes: KeyValue[] };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpSpan[] }>;
  }>;
}

/** Span kinds and status codes as numbers, as the OTLP JSON mapping has them. */
const SERVER = 2;
const CLIENT = 3;
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

export interface EncodeContext {
  serviceName: string;
  version: string;
  /** gen_ai.provider.name for a configured provider id (its well-known name, or the id itself). */
  providerName: (providerId: string) => string;
  /** Fresh random ids in lower-case hex: 32 digits for a trace, 16 for a span. */
  traceId: () => string;
  spanId: () => string;
}

export function exportRequest(traces: readonly RequestTrace[], c: EncodeContext): ExportTraceRequest {
  const spans: OtlpSpan[] = [];
  for (const t of traces) pushSpans(spans, t, c);
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            str('service.name', c.serviceName),
            str('service.version', c.version),
            str('telemetry.sdk.name', 'llm-router'),
            str('telemetry.sdk.language', 'nodejs'),
          ],
        },
        scopeSpans: [{ scope: { name: 'llm-router', version: c.version }, spans }],
      },
    ],
  };
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

function pushSpans(out: OtlpSpan[], t: RequestTrace, c: EncodeContext): void {
  // A caller that sent a W3C traceparent gets the router's spans inside its own trace.
  const parent = t.traceparent !== undefined ? TRACEPARENT.exec(t.traceparent.trim().toLowerCase()) : null;
  const valid = parent !== null && !/^0+$/.test(parent[1]!) && !/^0+$/.test(parent[2]!);
  const traceId = valid ? parent[1]! : c.traceId();
  const requestSpanId = c.spanId();
  const final = t.attempts.findLast((a) => a.outcome === 'ok') ?? t.attempts.at(-1);
  const ok = !t.aborted && final?.outcome === 'ok' && t.status < 400;
  const failoverReason = final && final.target.id !== t.firstPlanned ? t.attempts.find((a) => a.errorClass)?.errorClass : undefined;

  const attrs: KeyValue[] = [str('gen_ai.operation.name', 'chat'), str('gen_ai.request.model', t.requestedModel)];
  if (final) {
    const provider = c.providerName(final.target.provider);
    attrs.push(str('gen_ai.provider.name', provider), str('gen_ai.system', provider));
    if (final.outcome === 'ok') attrs.push(str('gen_ai.response.model', final.responseModel ?? final.target.model));
    answerAttributes(attrs, final);
    attrs.push(str('router.target', final.target.id));
  }
  attrs.push(str('router.decision_id', t.decisionId), int('router.attempts', t.attempts.length));
  if (t.route !== null) attrs.push(str('router.route', t.route));
  attrs.push(str('router.client_format', t.clientFormat), bool('router.stream', t.stream), int('http.response.status_code', t.status));
  if (failoverReason) attrs.push(str('router.failover_reason', failoverReason));
  const errorType = t.aborted ? 'client_closed' : ok ? undefined : (final?.errorClass ?? `http_${t.status}`);
  if (errorType) attrs.push(str('error.type', errorType));
  out.push({
    traceId,
    spanId: requestSpanId,
    ...(valid ? { parentSpanId: parent[2]! } : {}),
    name: `chat ${t.requestedModel}`,
    kind: SERVER,
    startTimeUnixNano: nanos(t.startedAt),
    endTimeUnixNano: nanos(t.endedAt),
    attributes: attrs,
    status: errorType ? { code: STATUS_ERROR, message: errorType } : { code: STATUS_UNSET },
  });

  let previousFailure: string | undefined;
  for (const a of t.attempts) {
    out.push(attemptSpan(a, t, traceId, requestSpanId, previousFailure, c));
    if (a.errorClass) previousFailure = a.errorClass;
  }
}

function attemptSpan(
  a: AttemptResult,
  t: RequestTrace,
  traceId: string,
  parentSpanId: string,
  failoverReason: string | undefined,
  c: EncodeContext,
): OtlpSpan {
  const provider = c.providerName(a.target.provider);
  const attrs: KeyValue[] = [
    str('gen_ai.operation.name', 'chat'),
    str('gen_ai.provider.name', provider),
    str('gen_ai.system', provider),
    str('gen_ai.request.model', a.target.model),
  ];
  if (a.responseModel !== undefined) attrs.push(str('gen_ai.response.model', a.responseModel));
  answerAttributes(attrs, a);
  attrs.push(
    str('router.decision_id', t.decisionId),
    int('router.attempt', a.seq),
    str('router.target', a.target.id),
    str('router.provider', a.target.provider),
    str('router.outcome', a.outcome),
  );
  if (t.route !== null) attrs.push(str('router.route', t.route));
  if (failoverReason !== undefined) attrs.push(str('router.failover_reason', failoverReason));
  if (a.ttftMs !== undefined) attrs.push(int('router.ttft_ms', a.ttftMs));
  if (a.status !== undefined) attrs.push(int('http.response.status_code', a.status));
  if (a.errorClass) attrs.push(str('error.type', a.errorClass));
  return {
    traceId,
    spanId: c.spanId(),
    parentSpanId,
    name: `chat ${a.target.model}`,
    kind: CLIENT,
    startTimeUnixNano: nanos(a.startedAt),
    endTimeUnixNano: nanos(a.startedAt + a.latencyMs),
    attributes: attrs,
    status: a.errorClass ? { code: STATUS_ERROR, message: a.errorClass } : { code: STATUS_UNSET },
  };
}

function answerAttributes(attrs: KeyValue[], a: AttemptResult): void {
  if (a.usage) attrs.push(int('gen_ai.usage.input_tokens', a.usage.inputTokens), int('gen_ai.usage.output_tokens', a.usage.outputTokens));
  if (a.finishReason)
    attrs.push({ key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: a.finishReason }] } } });
}

/** Milliseconds since the epoch as the decimal string of nanoseconds (past 2^53, so not a JSON number). */
function nanos(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  return micros === 0 ? `${whole}000000` : `${whole}${String(micros).padStart(3, '0')}000`;
}

const str = (key: string, v: string): KeyValue => ({ key, value: { stringValue: v } });
// OTLP JSON carries 64-bit integers as decimal strings.
const int = (key: string, v: number): KeyValue => ({ key, value: { intValue: String(Math.round(v)) } });
const bool = (key: string, v: boolean): KeyValue => ({ key, value: { boolValue: v } });
