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
import { SPAN_KIND_CLIENT, SPAN_KIND_SERVER, STATUS_ERROR, type EncodeContext, type TraceEncoding } from './trace-encoding.js';

// Field tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited).
const LEN = 2;
const tag = (field: number, wire: number): number => (field << 3) | wire;
const SCOPE_SPANS_SPAN = tag(2, LEN);
const SPAN_TRACE_ID = tag(1, LEN);
const SPAN_SPAN_ID = tag(2, LEN);
const SPAN_PARENT_SPAN_ID = tag(4, LEN);
const SPAN_NAME = tag(5, LEN);
const SPAN_KIND = tag(6, 0);
const SPAN_START = tag(7, 1);
const SPAN_END = tag(8, 1);
const SPAN_ATTRIBUTE = tag(9, LEN);
const SPAN_STATUS = tag(15, LEN);

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

// ---- The request path: straight into the batch buffer ----

/** A span field's tag and a two-byte length placeholder; returns where the span's content starts. */
function openSpan(b: SpanBatch): number {
  b.ensure(3);
  b.buf[b.at] = SCOPE_SPANS_SPAN;
  b.at += 3;
  return b.at;
}

/**
 * Writes the span's length before it: two bytes fit 128 to 16383, else the span moves by a byte or
 * more. Returns by how many bytes it moved.
 */
function closeSpan(b: SpanBatch, start: number): number {
  const length = b.at - start;
  const moved = varintSize(length) - 2;
  if (moved !== 0) {
    b.ensure(moved);
    b.buf.copyWithin(start + moved, start, b.at);
    b.at += moved;
  }
  writeVarint(b.buf, start - 2, length);
  return moved;
}

function idFromPool(b: SpanBatch, fieldTag: number, pool: Buffer, from: number, bytes: number): void {
  b.ensure(2 + bytes);
  const buf = b.buf;
  let at = b.at;
  buf[at++] = fieldTag;
  buf[at++] = bytes;
  for (let i = 0; i < bytes; i++) buf[at++] = pool[from + i]!;
  b.at = at;
}

function idFromHex(b: SpanBatch, fieldTag: number, hex: string): void {
  const bytes = hex.length / 2;
  b.ensure(2 + bytes);
  b.buf[b.at] = fieldTag;
  b.buf[b.at + 1] = bytes;
  b.at += 2 + b.buf.write(hex, b.at + 2, bytes, 'hex');
}

/** An id already written in this batch (the request span's trace id, its span id as a parent). */
function idCopy(b: SpanBatch, fieldTag: number, from: number, bytes: number): void {
  b.ensure(2 + bytes);
  b.buf[b.at] = fieldTag;
  b.buf[b.at + 1] = bytes;
  const buf = b.buf;
  for (let i = 0; i < bytes; i++) buf[b.at + 2 + i] = buf[from + i]!;
  b.at += 2 + bytes;
}

function times(b: SpanBatch, startMs: number, endMs: number): void {
  b.ensure(18);
  b.buf[b.at] = SPAN_START;
  writeNanos(b.buf, b.at + 1, startMs);
  b.buf[b.at + 9] = SPAN_END;
  writeNanos(b.buf, b.at + 10, endMs);
  b.at += 18;
}

/** Milliseconds since the epoch as fixed64 nanoseconds (to the microsecond), in exact steps below 2^53. */
function writeNanos(buf: Buffer, at: number, ms: number): void {
  // ns = us * 1000 = (usHi * 2^16 + usLo) * 1000 = hi * 2^32 + m, each step exact in a double.
  const us = Math.max(0, Math.round(ms * 1000));
  const usHi = Math.floor(us / 65536);
  const t = usHi * 1000;
  const tHi = Math.floor(t / 65536);
  const m = (t - tHi * 65536) * 65536 + (us - usHi * 65536) * 1000;
  const carry = Math.floor(m / 4294967296);
  writeUint32(buf, at, m - carry * 4294967296);
  writeUint32(buf, at + 4, tHi + carry);
}

function writeUint32(buf: Buffer, at: number, v: number): void {
  buf[at] = v & 255;
  buf[at + 1] = (v >>> 8) & 255;
  buf[at + 2] = (v >>> 16) & 255;
  buf[at + 3] = (v >>> 24) & 255;
}

/** An int attribute: KeyValue { key, value: AnyValue { int_value = 3 } }, all lengths one byte (keys are short). */
function intAttr(b: SpanBatch, key: Buffer, value: number): void {
  const v = Math.max(0, Math.round(value));
  const size = varintSize(v);
  b.ensure(key.length + size + 5);
  const buf = b.buf;
  let at = b.at;
  buf[at++] = SPAN_ATTRIBUTE;
  buf[at++] = key.length + 3 + size;
  for (let i = 0; i < key.length; i++) buf[at++] = key[i]!;
  buf[at++] = tag(2, LEN);
  buf[at++] = 1 + size;
  buf[at++] = tag(3, 0);
  b.at = writeVarint(buf, at, v);
}

/**
 * A string attribute whose value differs on every request (the decision id): written in place behind
 * one-byte lengths, ASCII a character at a time (cheaper than a call out for 25 characters); a value
 * that is not ASCII or too long for one-byte lengths is written the general way.
 */
function asciiAttr(b: SpanBatch, key: Buffer, value: string): void {
  const n = value.length;
  if (n + key.length + 4 > 127) return b.bytes(keyValueField(key, anyString(value)));
  b.ensure(key.length + 6 + n);
  const buf = b.buf;
  const at = b.at;
  const v = at + 2 + key.length;
  for (let i = 0; i < n; i++) {
    const code = value.charCodeAt(i);
    if (code > 127) return b.bytes(keyValueField(key, anyString(value)));
    buf[v + 4 + i] = code;
  }
  buf[at] = SPAN_ATTRIBUTE;
  buf[at + 1] = key.length + n + 4;
  for (let i = 0; i < key.length; i++) buf[at + 2 + i] = key[i]!;
  buf[v] = tag(2, LEN);
  buf[v + 1] = n + 2;
  buf[v + 2] = tag(1, LEN);
  buf[v + 3] = n;
  b.at = v + 4 + n;
}

// ---- Reading the receiver's answer: only the one number it may carry ----

/** [start, end] of the first length-delimited field `want` between `from` and `to`; other fields skipped. */
function lengthDelimited(buf: Buffer, from: number, to: number, want: number): [number, number] | undefined {
  const r = { at: from };
  while (r.at < to) {
    const key = readVarint(buf, r);
    const wire = key % 8;
    if (wire === 0) readVarint(buf, r);
    else if (wire === 1) r.at += 8;
    else if (wire === 5) r.at += 4;
    else if (wire === LEN) {
      const length = readVarint(buf, r);
      if (Math.floor(key / 8) === want) return [r.at, r.at + length];
      r.at += length;
    } else throw new Error(`protobuf wire type ${wire} not expected here`);
  }
  return undefined;
}

/** The varint field 1 between `from` and `to` (0 when absent, as protobuf has it). */
function varintField1(buf: Buffer, from: number, to: number): number {
  const r = { at: from };
  while (r.at < to) {
    const key = readVarint(buf, r);
    if (key === tag(1, 0)) return readVarint(buf, r);
    if (key % 8 === 0) readVarint(buf, r);
    else if (key % 8 === LEN) r.at += readVarint(buf, r);
    else r.at += key % 8 === 1 ? 8 : 4;
  }
  return 0;
}

function readVarint(buf: Buffer, r: { at: number }): number {
  let v = 0;
  for (let scale = 1; ; scale *= 128) {
    if (r.at >= buf.length) throw new Error('protobuf varint cut short');
    const byte = buf[r.at++]!;
    v += (byte & 127) * scale;
    if (byte < 128) return v;
  }
}

// ---- Encoded once, then copied: plain and unhurried ----

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const concat = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);
const field = (fieldTag: number, payload: Uint8Array): Buffer => concat(varint(fieldTag), varint(payload.length), payload);
const varintField = (fieldTag: number, v: number): Buffer => concat(varint(fieldTag), varint(v));
/** KeyValue's key field (key = 1), ready to go in front of a value. */
const attributeKey = (key: string): Buffer => field(tag(1, LEN), utf8(key));
const keyValue = (key: string, anyValue: Buffer): Buffer => concat(attributeKey(key), field(tag(2, LEN), anyValue));
const keyValueField = (key: Buffer, anyValue: Buffer): Buffer => field(SPAN_ATTRIBUTE, concat(key, field(tag(2, LEN), anyValue)));
const attribute = (key: string, anyValue: Buffer): Buffer => field(SPAN_ATTRIBUTE, keyValue(key, anyValue));
const stringAttr = (key: string, value: string): Buffer => attribute(key, anyString(value));
// AnyValue { int_value = 3 }
const intAttribute = (key: string, value: number): Buffer => attribute(key, varintField(tag(3, 0), Math.max(0, Math.round(value))));
// AnyValue { string_value = 1; array_value = 5 { values = 1 } }
const anyString = (s: string): Buffer => field(tag(1, LEN), utf8(s));
const anyArray = (...values: Buffer[]): Buffer => field(tag(5, LEN), concat(...values.map((v) => field(tag(1, LEN), v))));

function varint(v: number): Buffer {
  const out = Buffer.allocUnsafe(varintSize(v));
  writeVarint(out, 0, v);
  return out;
}

/** Base-128 little-endian groups; past 2^31 by arithmetic, as bit operations work on 32 bits. */
function writeVarint(buf: Buffer, at: number, v: number): number {
  if (v < 2147483648) {
    while (v > 127) {
      buf[at++] = (v & 127) | 128;
      v >>>= 7;
    }
  } else {
    while (v > 127) {
      buf[at++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
  }
  buf[at++] = v;
  return at;
}

function varintSize(v: number): number {
  if (v < 128) return 1;
  if (v < 16384) return 2;
  if (v < 2097152) return 3;
  let size = 3;
  while (v >= 2097152) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}
