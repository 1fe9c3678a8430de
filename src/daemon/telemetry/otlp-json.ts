// Finished requests as OTLP/HTTP JSON (ExportTraceServiceRequest): one SERVER span per request, one
// CLIENT span per attempt as its child. Attribute names follow the OpenTelemetry GenAI semantic
// conventions (gen_ai.*), next to the router's own (router.*). The protobuf encoding
// (otlp-protobuf.ts) writes the same spans in about half the bytes; this one is for receivers that
// take JSON only, and for reading on the wire.
//
// Written as text straight into the batch, not built as objects for JSON.stringify: measured with
// bench/ab.js, an object tree per span plus a random id call per span cost the data plane 14% of its
// CPU under load. Each target's and each kind of request's constant attributes are written once, and
// each span's text goes into the batch as soon as it is made (joining a batch's strings first and
// encoding the result cost twice as much). Figures: README, Observability.
import type { Target } from '../../config/schema.js';
import type { AttemptResult } from '../recorder.js';
import type { SpanBatch } from './span-batch.js';
import { spanCount, spanFacts, type RequestTrace } from './request-trace.js';
import { RequestShapes } from './request-shapes.js';
import { SPAN_KIND_CLIENT, SPAN_KIND_SERVER, STATUS_ERROR, type EncodeContext, type TraceEncoding } from './trace-encoding.js';

export function jsonEncoding(c: EncodeContext): TraceEncoding {
  /** Each target's constant attributes (a WeakMap: a reload's new targets replace them). */
  const targetCache = new WeakMap<Target, string>();
  const requestShapes = new RequestShapes<string>();
  const resource = [
    str('service.name', c.serviceName),
    str('service.version', c.version),
    str('telemetry.sdk.name', 'llm-router'),
    str('telemetry.sdk.language', 'nodejs'),
  ].join(',');
  const scope = `{"name":"llm-router","version":${JSON.stringify(c.version)}}`;
  const head = Buffer.from(`{"resourceSpans":[{"resource":{"attributes":[${resource}]},"scopeSpans":[{"scope":${scope},"spans":[`);
  const tail = Buffer.from(']}]}]}');

  /** What a request span says that is the same for every request of its kind. */
  const requestAttributes = (t: RequestTrace, target: Target | undefined): string =>
    requestShapes.find(t, target, () => {
      let text = `${str('gen_ai.operation.name', 'chat')},${str('gen_ai.request.model', t.requestedModel)}`;
      if (target) text += `,${str('gen_ai.provider.name', c.providerName(target.provider))},${str('router.target', target.id)}`;
      if (t.route !== null) text += `,${str('router.route', t.route)}`;
      return `${text},${str('router.client_format', t.clientFormat)}`;
    });

  /** What an attempt span says of its target, the same on every span to it. */
  const targetAttributes = (target: Target): string => {
    let text = targetCache.get(target);
    if (text === undefined) {
      text =
        `${str('gen_ai.operation.name', 'chat')},${str('gen_ai.provider.name', c.providerName(target.provider))},` +
        `${str('gen_ai.request.model', target.model)},${str('router.target', target.id)}`;
      targetCache.set(target, text);
    }
    return text;
  };

  return {
    contentType: 'application/json',
    headRoom: head.length,
    append(out, t) {
      const f = spanFacts(t);
      const final = f.final;
      // One draw for the request's ids, the same bytes the protobuf encoding takes.
      const ids = c.ids.take(16 + 8 * spanCount(t));
      const traceId = f.callerTraceId ?? hex(c.ids.pool, ids, 16);
      const spanId = hex(c.ids.pool, ids + 16, 8);
      let attrs = '';
      if (final?.outcome === 'ok') attrs += `,${str('gen_ai.response.model', final.responseModel ?? final.target.model)}`;
      if (final) attrs += answerAttributes(final);
      attrs += `,${str('router.decision_id', t.decisionId)},${int('router.attempts', t.attempts.length)},${int('http.response.status_code', t.status)}`;
      if (f.failoverReason) attrs += `,${str('router.failover_reason', f.failoverReason)}`;
      if (f.errorType) attrs += `,${str('error.type', f.errorType)}`;
      const request = { traceId, spanId, parentSpanId: f.callerSpanId, name: `chat ${t.requestedModel}`, kind: SPAN_KIND_SERVER };
      writeSpan(out, request, t.startedAt, t.endedAt, requestAttributes(t, final?.target), attrs, f.errorType);

      let previousFailure: string | undefined;
      for (let i = 0; i < t.attempts.length; i++) {
        const a = t.attempts[i]!;
        const attemptId = hex(c.ids.pool, ids + 24 + 8 * i, 8);
        const attempt = { traceId, spanId: attemptId, parentSpanId: spanId, name: `chat ${a.target.model}`, kind: SPAN_KIND_CLIENT };
        writeAttemptSpan(out, a, attempt, previousFailure, targetAttributes(a.target));
        if (a.errorClass) previousFailure = a.errorClass;
      }
    },
    body: (batch) => batch.body(head, tail),
    rejectedSpans(answer) {
      const text = answer.toString('utf8');
      if (!text.includes('rejectedSpans')) return 0;
      return Number((JSON.parse(text) as { partialSuccess?: { rejectedSpans?: unknown } }).partialSuccess?.rejectedSpans ?? 0);
    },
  };
}

interface SpanHead {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
}

/** The route and decision id are on the parent span. */
function writeAttemptSpan(out: SpanBatch, a: AttemptResult, head: SpanHead, failoverReason: string | undefined, constant: string): void {
  let attrs = '';
  if (a.responseModel !== undefined) attrs += `,${str('gen_ai.response.model', a.responseModel)}`;
  attrs += answerAttributes(a);
  attrs += `,${int('router.attempt', a.seq)},${str('router.outcome', a.outcome)}`;
  if (failoverReason !== undefined) attrs += `,${str('router.failover_reason', failoverReason)}`;
  if (a.ttftMs !== undefined) attrs += `,${int('router.ttft_ms', a.ttftMs)}`;
  if (a.status !== undefined) attrs += `,${int('http.response.status_code', a.status)}`;
  if (a.errorClass) attrs += `,${str('error.type', a.errorClass)}`;
  writeSpan(out, head, a.startedAt, a.startedAt + a.latencyMs, constant, attrs, a.errorClass);
}

function answerAttributes(a: AttemptResult): string {
  let text = '';
  if (a.usage)
    text += `,${int('gen_ai.usage.input_tokens', a.usage.inputTokens)},${int('gen_ai.usage.output_tokens', a.usage.outputTokens)}`;
  if (a.finishReason)
    text += `,{"key":"gen_ai.response.finish_reasons","value":{"arrayValue":{"values":[{"stringValue":${JSON.stringify(a.finishReason)}}]}}}`;
  return text;
}

/**
 * One span in three writes: the cached constant attributes go into the batch as they are, so a
 * span's text is never joined into one string first (that join cost more than the writing). A comma
 * goes before every span of a batch but the first.
 */
function writeSpan(
  out: SpanBatch,
  h: SpanHead,
  startMs: number,
  endMs: number,
  constantAttrs: string,
  attrs: string,
  error: string | undefined,
): void {
  const parent = h.parentSpanId === undefined ? '' : `,"parentSpanId":"${h.parentSpanId}"`;
  out.text(
    `${out.at === out.start ? '' : ','}{"traceId":"${h.traceId}","spanId":"${h.spanId}"${parent},"name":${JSON.stringify(h.name)},"kind":${h.kind},` +
      `"startTimeUnixNano":"${nanos(startMs)}","endTimeUnixNano":"${nanos(endMs)}","attributes":[`,
  );
  out.text(constantAttrs);
  // An unset status is left out, as OTLP JSON allows for default values.
  out.text(error === undefined ? `${attrs}]}` : `${attrs}],"status":{"code":${STATUS_ERROR},"message":${JSON.stringify(error)}}}`);
}

/**
 * Milliseconds since the epoch as the decimal string of nanoseconds, to the microsecond (nanoseconds
 * are past 2^53, so not a JSON number; microseconds are not).
 */
const nanos = (ms: number): string => `${Math.round(ms * 1000)}000`;

const hex = (pool: Buffer, from: number, bytes: number): string => pool.toString('hex', from, from + bytes);
const str = (key: string, v: string): string => `{"key":"${key}","value":{"stringValue":${JSON.stringify(v)}}}`;
// OTLP JSON carries 64-bit integers as decimal strings.
const int = (key: string, v: number): string => `{"key":"${key}","value":{"intValue":"${Math.round(v)}"}}`;
