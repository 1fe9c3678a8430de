// Finished requests as OTLP/HTTP protobuf (ExportTraceServiceRequest, opentelemetry-proto's
// trace/v1/trace.proto), the same spans and attributes as otlp-json.ts in about half the bytes:
// ids as raw bytes, times as fixed64, numbers as varints. Measured with bench/ab.js, it is the
// cheaper of the two for the data plane (README, Observability), so it is the default.
//
// Hand-written rather than generated: each span is written straight into the batch buffer, and what
// is the same on many spans (a target's attributes with the attempt span's name and kind, a kind of
// request's, a response model, a finish reason, an error) is encoded once and copied as bytes. A
// message's length goes before it, so a span is written behind a two-byte length that is fixed up
// when the span ends (shifting the span in the rare case it needs one or three bytes).
import type { Target } from '../../config/schema.js';
import type { AttemptResult } from '../recorder.js';
import type { SpanBatch } from './span-batch.js';
import { spanCount, spanFacts, type RequestTrace } from './request-trace.js';
import { RequestShapes } from './request-shapes.js';
import {
  SPAN_KIND,
  SPAN_NAME,
  SPAN_PARENT_SPAN_ID,
  SPAN_SPAN_ID,
  SPAN_STATUS,
  SPAN_TRACE_ID,
  anyArray,
  anyString,
  asciiAttr,
  attribute,
  attributeKey,
  closeSpan,
  idCopy,
  idFromHex,
  idFromPool,
  intAttr,
  intAttribute,
  keyValue,
  openSpan,
  stringAttr,
  times,
} from './otlp-span-writer.js';
import { LEN, concat, field, lengthDelimited, tag, utf8, varint, varintField, varintField1, varintSize } from './protobuf-wire.js';
import { SPAN_KIND_CLIENT, SPAN_KIND_SERVER, STATUS_ERROR, type EncodeContext, type TraceEncoding } from './trace-encoding.js';

/** Distinct strings (response models, finish reasons, errors) kept encoded per attribute at most. */
const VALUE_CACHE_MAX = 256;
/** Integers below this (attempt numbers, statuses, attempt count × 1000 + status) are kept encoded. */
const INT_CACHE_MAX = 16_000;

export function protobufEncoding(c: EncodeContext): TraceEncoding {
  const targetCache = new WeakMap<Target, Partial<Record<AttemptResult['outcome'], Buffer>>>();
  const requestShapes = new RequestShapes<Buffer>();
  const responseModel = new EncodedValues((s) => stringAttr('gen_ai.response.model', s));
  const finishReasons = new EncodedValues((s) => attribute('gen_ai.response.finish_reasons', anyArray(anyString(s))));
  const errorType = new EncodedValues((s) => stringAttr('error.type', s));
  const failoverReason = new EncodedValues((s) => stringAttr('router.failover_reason', s));
  // Status { message = 2; code = 3 }
  const errorStatus = new EncodedValues((s) =>
    field(SPAN_STATUS, concat(field(tag(2, LEN), utf8(s)), varintField(tag(3, 0), STATUS_ERROR))),
  );
  const keys = {
    decisionId: attributeKey('router.decision_id'),
    inputTokens: attributeKey('gen_ai.usage.input_tokens'),
    outputTokens: attributeKey('gen_ai.usage.output_tokens'),
    ttft: attributeKey('router.ttft_ms'),
  };
  // Small numbers that repeat (a request's attempt count and status, an attempt's number and status): encoded once each.
  const requestCounts = new EncodedInts((n) =>
    concat(intAttribute('router.attempts', Math.floor(n / 1000)), intAttribute('http.response.status_code', n % 1000)),
  );
  const attemptNumber = new EncodedInts((n) => intAttribute('router.attempt', n));
  const httpStatus = new EncodedInts((n) => intAttribute('http.response.status_code', n));

  // ResourceSpans { resource = 1 { attributes = 1 }, scope_spans = 2 }, ScopeSpans { scope = 1 { name = 1, version = 2 }, spans = 2 }.
  const resource = field(
    tag(1, LEN),
    concat(
      ...[
        ['service.name', c.serviceName],
        ['service.version', c.version],
        ['telemetry.sdk.name', 'llm-router'],
        ['telemetry.sdk.language', 'nodejs'],
      ].map(([k, v]) => field(tag(1, LEN), keyValue(k!, anyString(v!)))),
    ),
  );
  const scope = field(tag(1, LEN), concat(field(tag(1, LEN), utf8('llm-router')), field(tag(2, LEN), utf8(c.version))));
  const headRoom = resource.length + scope.length + 32;
  const tail = Buffer.alloc(0);

  /** A request span's name, kind and the attributes that are the same for every request of its kind. */
  const requestConstant = (t: RequestTrace, target: Target | undefined): Buffer =>
    requestShapes.find(t, target, () => {
      const parts = [
        field(SPAN_NAME, utf8(`chat ${t.requestedModel}`)),
        varintField(SPAN_KIND, SPAN_KIND_SERVER),
        stringAttr('gen_ai.operation.name', 'chat'),
        stringAttr('gen_ai.request.model', t.requestedModel),
      ];
      if (target) parts.push(stringAttr('gen_ai.provider.name', c.providerName(target.provider)), stringAttr('router.target', target.id));
      if (t.route !== null) parts.push(stringAttr('router.route', t.route));
      parts.push(stringAttr('router.client_format', t.clientFormat));
      return concat(...parts);
    });

  /**
   * An attempt span's name, kind, what it says of its target and its outcome: the same on every span
   * to that target that ended that way (one copy per span rather than two).
   */
  const targetConstant = (target: Target, outcome: AttemptResult['outcome']): Buffer => {
    let byOutcome = targetCache.get(target);
    if (byOutcome === undefined) {
      byOutcome = {};
      targetCache.set(target, byOutcome);
    }
    let bytes = byOutcome[outcome];
    if (bytes === undefined) {
      bytes = concat(
        field(SPAN_NAME, utf8(`chat ${target.model}`)),
        varintField(SPAN_KIND, SPAN_KIND_CLIENT),
        stringAttr('gen_ai.operation.name', 'chat'),
        stringAttr('gen_ai.provider.name', c.providerName(target.provider)),
        stringAttr('gen_ai.request.model', target.model),
        stringAttr('router.target', target.id),
        stringAttr('router.outcome', outcome),
      );
      byOutcome[outcome] = bytes;
    }
    return bytes;
  };

  const answer = (b: SpanBatch, a: AttemptResult): void => {
    if (a.usage) {
      intAttr(b, keys.inputTokens, a.usage.inputTokens);
      intAttr(b, keys.outputTokens, a.usage.outputTokens);
    }
    if (a.finishReason) b.bytes(finishReasons.get(a.finishReason));
  };

  return {
    contentType: 'application/x-protobuf',
    headRoom,
    append(b, t) {
      const f = spanFacts(t);
      const final = f.final;
      // One draw for the trace id and every span id of the request, so a refill cannot come between them.
      const ids = c.ids.take(16 + 8 * spanCount(t));
      const pool = c.ids.pool;

      const span = openSpan(b);
      let traceIdAt = b.at + 2;
      if (f.callerTraceId !== undefined) idFromHex(b, SPAN_TRACE_ID, f.callerTraceId);
      else idFromPool(b, SPAN_TRACE_ID, pool, ids, 16);
      let spanIdAt = b.at + 2;
      idFromPool(b, SPAN_SPAN_ID, pool, ids + 16, 8);
      if (f.callerSpanId !== undefined) idFromHex(b, SPAN_PARENT_SPAN_ID, f.callerSpanId);
      times(b, t.startedAt, t.endedAt);
      b.bytes(requestConstant(t, final?.target));
      if (final?.outcome === 'ok') b.bytes(responseModel.get(final.responseModel ?? final.target.model));
      if (final) answer(b, final);
      asciiAttr(b, keys.decisionId, t.decisionId);
      b.bytes(requestCounts.get(t.attempts.length * 1000 + t.status));
      if (f.failoverReason) b.bytes(failoverReason.get(f.failoverReason));
      if (f.errorType) {
        b.bytes(errorType.get(f.errorType));
        b.bytes(errorStatus.get(f.errorType));
      }
      // Rarely the span moves to fit its length: the ids its attempt spans copy move with it.
      const moved = closeSpan(b, span);
      traceIdAt += moved;
      spanIdAt += moved;

      let previousFailure: string | undefined;
      for (let i = 0; i < t.attempts.length; i++) {
        const a = t.attempts[i]!;
        const attempt = openSpan(b);
        // The trace id and the parent (the request span's id) are copied from the request span.
        idCopy(b, SPAN_TRACE_ID, traceIdAt, 16);
        idFromPool(b, SPAN_SPAN_ID, pool, ids + 24 + 8 * i, 8);
        idCopy(b, SPAN_PARENT_SPAN_ID, spanIdAt, 8);
        times(b, a.startedAt, a.startedAt + a.latencyMs);
        b.bytes(targetConstant(a.target, a.outcome));
        if (a.responseModel !== undefined) b.bytes(responseModel.get(a.responseModel));
        answer(b, a);
        b.bytes(attemptNumber.get(a.seq));
        if (previousFailure !== undefined) b.bytes(failoverReason.get(previousFailure));
        if (a.ttftMs !== undefined) intAttr(b, keys.ttft, a.ttftMs);
        if (a.status !== undefined) b.bytes(httpStatus.get(a.status));
        if (a.errorClass) {
          b.bytes(errorType.get(a.errorClass));
          b.bytes(errorStatus.get(a.errorClass));
          previousFailure = a.errorClass;
        }
        closeSpan(b, attempt);
      }
    },
    body(b) {
      const spans = b.at - b.start;
      const scopeSpansLength = scope.length + spans;
      const resourceSpansLength = resource.length + 1 + varintSize(scopeSpansLength) + scopeSpansLength;
      // ExportTraceServiceRequest { resource_spans = 1 }
      const head = concat(
        Buffer.from([tag(1, LEN)]),
        varint(resourceSpansLength),
        resource,
        Buffer.from([tag(2, LEN)]),
        varint(scopeSpansLength),
        scope,
      );
      return b.body(head, tail);
    },
    // ExportTraceServiceResponse { partial_success = 1 { rejected_spans = 1 (int64); error_message = 2 } }
    rejectedSpans(answer) {
      const partial = lengthDelimited(answer, 0, answer.length, 1);
      return partial === undefined ? 0 : varintField1(answer, partial[0], partial[1]);
    },
  };
}

/**
 * A string attribute's encoded bytes per value, for values that repeat (bounded: past the limit it
 * starts over). The last value is checked first: usually the next request says the same, and
 * comparing a short string costs less than hashing a new one for the map.
 */
class EncodedValues {
  private readonly map = new Map<string, Buffer>();
  private lastValue: string | undefined;
  private lastBytes: Buffer | undefined;
  constructor(private readonly encode: (value: string) => Buffer) {}
  get(value: string): Buffer {
    if (value === this.lastValue) return this.lastBytes!;
    let bytes = this.map.get(value);
    if (bytes === undefined) {
      if (this.map.size >= VALUE_CACHE_MAX) this.map.clear();
      bytes = this.encode(value);
      this.map.set(value, bytes);
    }
    this.lastValue = value;
    this.lastBytes = bytes;
    return bytes;
  }
}

/** Encoded bytes per small non-negative integer, made on first use; others are encoded each time. */
class EncodedInts {
  private readonly cache: (Buffer | undefined)[] = [];
  constructor(private readonly encode: (n: number) => Buffer) {}
  get(n: number): Buffer {
    if (!(n >= 0 && n < INT_CACHE_MAX && Number.isInteger(n))) return this.encode(n);
    return (this.cache[n] ??= this.encode(n));
  }
}
