// Finished requests as the body of an OTLP/HTTP JSON export (ExportTraceServiceRequest): one SERVER
// span per request, one CLIENT span per attempt as its child. Attribute names follow the
// OpenTelemetry GenAI semantic conventions (gen_ai.*), next to the router's own (router.*).
//
// Written as text straight into one buffer, not built as objects for JSON.stringify: measured with
// bench/ab.js, an object tree per span plus a random id call per span cost the data plane 14% of its
// CPU under load. Each target's and each kind of request's constant attributes are written once, one
// random draw covers a batch, and each span's text goes into the body buffer as soon as it is made
// (joining a batch's strings first and encoding the result cost twice as much). Figures: README,
// Observability. Pure: randomness comes from the caller.
import type { Target } from '../../config/schema.js';
import type { AttemptResult } from '../recorder.js';
import type { RequestTrace } from './request-trace.js';

/** Span kinds and status codes as numbers, as the OTLP JSON mapping has them. */
const SERVER = 2;
const CLIENT = 3;
const STATUS_ERROR = 2;

export interface EncodeContext {
  serviceName: string;
  version: string;
  /** gen_ai.provider.name for a configured provider id (its well-known name, or the id itself). */
  providerName: (providerId: string) => string;
  /** `bytes` random bytes as lower-case hex: one draw covers a whole batch's trace and span ids. */
  randomHex: (bytes: number) => string;
  /** Each target's constant attributes, written once (a WeakMap: a reload's new targets replace them). */
  targetCache: WeakMap<Target, string>;
  /** A request span's constant attributes by what they depend on (model asked, route, format, target). */
  requestCache: Map<string, string>;
  /**
   * The body buffer, reused batch after batch so a batch costs no half-megabyte allocation; safe
   * because the exporter encodes a batch only after the one before it is done.
   */
  scratch: { buf: Buffer };
}

/** Distinct request shapes kept written at most; past it the cache starts over (a client sending many model names). */
const REQUEST_CACHE_MAX = 1024;

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

export function exportBody(traces: readonly RequestTrace[], c: EncodeContext): Buffer {
  let bytes = 0;
  for (const t of traces) bytes += 16 + 8 * (1 + t.attempts.length);
  const ids = new IdReader(c.randomHex(bytes));
  const out = new BodyWriter(c.scratch);
  const resource =
    str('service.name', c.serviceName) +
    ',' +
    str('service.version', c.version) +
    ',' +
    str('telemetry.sdk.name', 'llm-router') +
    ',' +
    str('telemetry.sdk.language', 'nodejs');
  const scope = `{"name":"llm-router","version":${JSON.stringify(c.version)}}`;
  out.write(`{"resourceSpans":[{"resource":{"attributes":[${resource}]},"scopeSpans":[{"scope":${scope},"spans":[`);
  for (const t of traces) pushSpans(out, t, c, ids);
  out.write(']}]}]}');
  return out.body();
}

/** Text into one growing buffer; a comma goes before every span but the first. */
class BodyWriter {
  private at = 0;
  private spans = 0;
  constructor(private readonly scratch: { buf: Buffer }) {}
  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    const buf = this.scratch.buf;
    if (this.at + text.length * 3 > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, this.at + text.length * 3));
      buf.copy(bigger, 0, 0, this.at);
      this.scratch.buf = bigger;
    }
    this.at += this.scratch.buf.write(text, this.at);
  }
  /** Starts a span object: a comma before every one but the first. */
  startSpan(): string {
    return this.spans++ === 0 ? '' : ',';
  }
  body(): Buffer {
    return this.scratch.buf.subarray(0, this.at);
  }
}

class IdReader {
  private at = 0;
  constructor(private readonly hex: string) {}
  take(bytes: number): string {
    const id = this.hex.slice(this.at, this.at + bytes * 2);
    this.at += bytes * 2;
    return id;
  }
}

function pushSpans(out: BodyWriter, t: RequestTrace, c: EncodeContext, ids: IdReader): void {
  // A caller that sent a W3C traceparent gets the router's spans inside its own trace.
  const parent = t.traceparent !== undefined ? TRACEPARENT.exec(t.traceparent.trim().toLowerCase()) : null;
  const joined = parent !== null && !/^0+$/.test(parent[1]!) && !/^0+$/.test(parent[2]!);
  const ownTraceId = ids.take(16);
  const traceId = joined ? parent[1]! : ownTraceId;
  const spanId = ids.take(8);
  const final = t.attempts.findLast((a) => a.outcome === 'ok') ?? t.attempts.at(-1);
  const ok = !t.aborted && final?.outcome === 'ok' && t.status < 400;
  const failoverReason = final && final.target.id !== t.firstPlanned ? t.attempts.find((a) => a.errorClass)?.errorClass : undefined;

  let attrs = '';
  if (final?.outcome === 'ok') attrs += `,${str('gen_ai.response.model', final.responseModel ?? final.target.model)}`;
  if (final) attrs += answerAttributes(final);
  attrs += `,${str('router.decision_id', t.decisionId)},${int('router.attempts', t.attempts.length)},${int('http.response.status_code', t.status)}`;
  if (failoverReason) attrs += `,${str('router.failover_reason', failoverReason)}`;
  const errorType = t.aborted ? 'client_closed' : ok ? undefined : (final?.errorClass ?? `http_${t.status}`);
  if (errorType) attrs += `,${str('error.type', errorType)}`;
  const head = { traceId, spanId, parentSpanId: joined ? parent[2]! : undefined, name: `chat ${t.requestedModel}`, kind: SERVER };
  writeSpan(out, head, t.startedAt, t.endedAt, requestAttributes(t, final?.target, c), attrs, errorType);

  let previousFailure: string | undefined;
  for (const a of t.attempts) {
    writeAttemptSpan(
      out,
      a,
      { traceId, spanId: ids.take(8), parentSpanId: spanId, name: `chat ${a.target.model}`, kind: CLIENT },
      previousFailure,
      c,
    );
    if (a.errorClass) previousFailure = a.errorClass;
  }
}

interface SpanHead {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
}

/** The route and decision id are on the parent span. */
function writeAttemptSpan(out: BodyWriter, a: AttemptResult, head: SpanHead, failoverReason: string | undefined, c: EncodeContext): void {
  let attrs = '';
  if (a.responseModel !== undefined) attrs += `,${str('gen_ai.response.model', a.responseModel)}`;
  attrs += answerAttributes(a);
  attrs += `,${int('router.attempt', a.seq)},${str('router.outcome', a.outcome)}`;
  if (failoverReason !== undefined) attrs += `,${str('router.failover_reason', failoverReason)}`;
  if (a.ttftMs !== undefined) attrs += `,${int('router.ttft_ms', a.ttftMs)}`;
  if (a.status !== undefined) attrs += `,${int('http.response.status_code', a.status)}`;
  if (a.errorClass) attrs += `,${str('error.type', a.errorClass)}`;
  writeSpan(out, head, a.startedAt, a.startedAt + a.latencyMs, targetAttributes(a.target, c), attrs, a.errorClass);
}

/** What a request span says that is the same for every request of its kind. */
function requestAttributes(t: RequestTrace, target: Target | undefined, c: EncodeContext): string {
  const key = `${t.requestedModel}\u0000${t.route}\u0000${t.clientFormat}\u0000${t.stream}\u0000${target?.id}`;
  let text = c.requestCache.get(key);
  if (text === undefined) {
    text = `${str('gen_ai.operation.name', 'chat')},${str('gen_ai.request.model', t.requestedModel)}`;
    if (target) {
      const provider = c.providerName(target.provider);
      text += `,${str('gen_ai.provider.name', provider)},${str('router.target', target.id)}`;
    }
    if (t.route !== null) text += `,${str('router.route', t.route)}`;
    text += `,${str('router.client_format', t.clientFormat)}`;
    if (c.requestCache.size >= REQUEST_CACHE_MAX) c.requestCache.clear();
    c.requestCache.set(key, text);
  }
  return text;
}

/** What an attempt span says of its target, the same on every span to it. */
function targetAttributes(target: Target, c: EncodeContext): string {
  let text = c.targetCache.get(target);
  if (text === undefined) {
    const provider = c.providerName(target.provider);
    text = `${str('gen_ai.operation.name', 'chat')},${str('gen_ai.provider.name', provider)},${str('gen_ai.request.model', target.model)},${str('router.target', target.id)}`;
    c.targetCache.set(target, text);
  }
  return text;
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
 * One span in three writes: the cached constant attributes go into the buffer as they are, so a
 * span's text is never joined into one string first (that join cost more than the writing).
 */
function writeSpan(
  out: BodyWriter,
  h: SpanHead,
  startMs: number,
  endMs: number,
  constantAttrs: string,
  attrs: string,
  error: string | undefined,
): void {
  const parent = h.parentSpanId === undefined ? '' : `,"parentSpanId":"${h.parentSpanId}"`;
  out.write(
    `${out.startSpan()}{"traceId":"${h.traceId}","spanId":"${h.spanId}"${parent},"name":${JSON.stringify(h.name)},"kind":${h.kind},` +
      `"startTimeUnixNano":"${nanos(startMs)}","endTimeUnixNano":"${nanos(endMs)}","attributes":[`,
  );
  out.write(constantAttrs);
  // An unset status is left out, as OTLP JSON allows for default values.
  out.write(error === undefined ? `${attrs}]}` : `${attrs}],"status":{"code":${STATUS_ERROR},"message":${JSON.stringify(error)}}}`);
}

/** Milliseconds since the epoch as the decimal string of nanoseconds (past 2^53, so not a JSON number). */
function nanos(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  return micros === 0 ? `${whole}000000` : `${whole}${String(micros).padStart(3, '0')}000`;
}

const str = (key: string, v: string): string => `{"key":"${key}","value":{"stringValue":${JSON.stringify(v)}}}`;
// OTLP JSON carries 64-bit integers as decimal strings.
const int = (key: string, v: number): string => `{"key":"${key}","value":{"intValue":"${Math.round(v)}"}}`;
