// OTLP spans in protobuf (opentelemetry-proto's trace/v1/trace.proto), the pieces: what the request
// path writes straight into the batch buffer for each span (ids, times, the attributes that differ
// per request), and the plain encoders of what is encoded once and then copied (otlp-protobuf.ts).
import type { SpanBatch } from './span-batch.js';
import { concat, field, LEN, tag, utf8, varintField, varintSize, writeUint32, writeVarint } from './protobuf-wire.js';

// Span { trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6, start = 7, end = 8,
// attributes = 9, status = 15 }, inside ScopeSpans { spans = 2 }.
export const SCOPE_SPANS_SPAN = tag(2, LEN);
export const SPAN_TRACE_ID = tag(1, LEN);
export const SPAN_SPAN_ID = tag(2, LEN);
export const SPAN_PARENT_SPAN_ID = tag(4, LEN);
export const SPAN_NAME = tag(5, LEN);
export const SPAN_KIND = tag(6, 0);
export const SPAN_START = tag(7, 1);
export const SPAN_END = tag(8, 1);
export const SPAN_ATTRIBUTE = tag(9, LEN);
export const SPAN_STATUS = tag(15, LEN);

// The request path: straight into the batch buffer.

/** A span field's tag and a two-byte length placeholder; returns where the span's content starts. */
export function openSpan(b: SpanBatch): number {
  b.ensure(3);
  b.buf[b.at] = SCOPE_SPANS_SPAN;
  b.at += 3;
  return b.at;
}

/**
 * Writes the span's length before it: two bytes fit 128 to 16383, else the span moves by a byte or
 * more. Returns by how many bytes it moved.
 */
export function closeSpan(b: SpanBatch, start: number): number {
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

export function idFromPool(b: SpanBatch, fieldTag: number, pool: Buffer, from: number, bytes: number): void {
  b.ensure(2 + bytes);
  const buf = b.buf;
  let at = b.at;
  buf[at++] = fieldTag;
  buf[at++] = bytes;
  for (let i = 0; i < bytes; i++) buf[at++] = pool[from + i]!;
  b.at = at;
}

export function idFromHex(b: SpanBatch, fieldTag: number, hex: string): void {
  const bytes = hex.length / 2;
  b.ensure(2 + bytes);
  b.buf[b.at] = fieldTag;
  b.buf[b.at + 1] = bytes;
  b.at += 2 + b.buf.write(hex, b.at + 2, bytes, 'hex');
}

/** An id already written in this batch (the request span's trace id, its span id as a parent). */
export function idCopy(b: SpanBatch, fieldTag: number, from: number, bytes: number): void {
  b.ensure(2 + bytes);
  b.buf[b.at] = fieldTag;
  b.buf[b.at + 1] = bytes;
  const buf = b.buf;
  for (let i = 0; i < bytes; i++) buf[b.at + 2 + i] = buf[from + i]!;
  b.at += 2 + bytes;
}

export function times(b: SpanBatch, startMs: number, endMs: number): void {
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

/** An int attribute: KeyValue { key, value: AnyValue { int_value = 3 } }, all lengths one byte (keys are short). */
export function intAttr(b: SpanBatch, key: Buffer, value: number): void {
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
export function asciiAttr(b: SpanBatch, key: Buffer, value: string): void {
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

// Encoded once, then copied: plain and unhurried.

/** KeyValue's key field (key = 1), ready to go in front of a value. */
export const attributeKey = (key: string): Buffer => field(tag(1, LEN), utf8(key));
export const keyValue = (key: string, anyValue: Buffer): Buffer => concat(attributeKey(key), field(tag(2, LEN), anyValue));
export const keyValueField = (key: Buffer, anyValue: Buffer): Buffer => field(SPAN_ATTRIBUTE, concat(key, field(tag(2, LEN), anyValue)));
export const attribute = (key: string, anyValue: Buffer): Buffer => field(SPAN_ATTRIBUTE, keyValue(key, anyValue));
export const stringAttr = (key: string, value: string): Buffer => attribute(key, anyString(value));
// AnyValue { int_value = 3 }
export const intAttribute = (key: string, value: number): Buffer => attribute(key, varintField(tag(3, 0), Math.max(0, Math.round(value))));
// AnyValue { string_value = 1; array_value = 5 { values = 1 } }
export const anyString = (s: string): Buffer => field(tag(1, LEN), utf8(s));
export const anyArray = (...values: Buffer[]): Buffer => field(tag(5, LEN), concat(...values.map((v) => field(tag(1, LEN), v))));
