// The two OTLP body encodings of the same finished requests: the hand-written protobuf is read back
// with an independent decoder (protobufjs and the published .proto, test/helpers/otlp-proto.ts) and
// must say exactly what the JSON body says (attributes in any order), also where the encoder takes
// its rarer paths: non-ASCII text, a decision id too long for one-byte lengths, a span past 16383
// bytes, 64-bit nanoseconds, token counts past 2^31, a batch that outgrows its first buffer, a
// caller's trace, no attempt at all.
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/config/schema.js';
import type { AttemptResult } from '../../src/daemon/recorder.js';
import { jsonEncoding } from '../../src/daemon/telemetry/otlp-json.js';
import { protobufEncoding } from '../../src/daemon/telemetry/otlp-protobuf.js';
import type { RequestTrace } from '../../src/daemon/telemetry/request-trace.js';
import { SpanBatch } from '../../src/daemon/telemetry/span-batch.js';
import { SpanIds } from '../../src/daemon/telemetry/span-ids.js';
import type { TraceEncoding } from '../../src/daemon/telemetry/trace-encoding.js';
import { decodeExportRequest, ExportResponse } from '../helpers/otlp-proto.js';

const targetA: Target = { id: 'a/model-a', provider: 'a', model: 'model-a' };
const targetB: Target = { id: 'b/model-b', provider: 'b', model: 'model-b' };
const usage = (input: number, output: number) => ({
  inputTokens: input,
  outputTokens: output,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

function trace(over: Partial<RequestTrace>): RequestTrace {
  return {
    decisionId: 'd-mwr65pup-3fa9c1',
    route: 'main',
    requestedModel: 'auto',
    clientFormat: 'openai',
    stream: true,
    startedAt: 1_765_000_000_123,
    endedAt: 1_765_000_000_200,
    status: 200,
    aborted: false,
    firstPlanned: targetA.id,
    attempts: [],
    traceparent: undefined,
    ...over,
  };
}

const ok = (over: Partial<AttemptResult> = {}): AttemptResult => ({
  seq: 1,
  target: targetA,
  startedAt: 1_765_000_000_125,
  latencyMs: 40,
  ttftMs: 12,
  outcome: 'ok',
  usage: usage(11, 7),
  finishReason: 'stop',
  ...over,
});

const TRACES: RequestTrace[] = [
  // A failover inside the caller's trace: a 503 from a, the answer from b with its own model name.
  trace({
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    attempts: [
      {
        seq: 1,
        target: targetA,
        startedAt: 1_765_000_000_124,
        latencyMs: 5,
        outcome: 'failed',
        errorClass: 'server',
        status: 503,
        usage: null,
      },
      ok({ seq: 2, target: targetB, responseModel: 'model-b-2026-01', startedAt: 1_765_000_000_130 }),
    ],
  }),
  // Fractions of a millisecond, big token counts, text that is not ASCII, no route.
  trace({
    startedAt: 1_765_000_000_123.456,
    endedAt: 1_765_000_000_999.999,
    requestedModel: 'modèle-日本-🚀',
    route: null,
    decisionId: 'd-ünïcode',
    attempts: [ok({ usage: usage(3_000_000_000, 2 ** 40), finishReason: 'fin-⛔', startedAt: 1_765_000_000_200.5 })],
  }),
  // A client that hung up mid-answer.
  trace({
    aborted: true,
    status: 200,
    attempts: [ok({ outcome: 'aborted', errorClass: 'client_closed' as AttemptResult['errorClass'], usage: null })],
  }),
  // Refused before any attempt (a budget stop): no target, no attempt span.
  trace({ status: 429, attempts: [], firstPlanned: undefined }),
  // A decision id too long for one-byte lengths, and a model name that makes the span outgrow two-byte lengths.
  trace({ decisionId: `d-${'x'.repeat(300)}`, requestedModel: 'm'.repeat(20_000), attempts: [ok()] }),
];

/** Ids from a seeded generator rather than randomness, so both encodings of the same requests carry the same ids. */
const seededIds = () => {
  let state = 0x2545f491;
  return new SpanIds((pool) => {
    for (let i = 0; i < pool.length; i++) {
      // xorshift32
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      pool[i] = state & 255;
    }
  });
};

const context = (ids: SpanIds) => ({
  serviceName: 'router-under-test',
  version: '9.8.7',
  providerName: (id: string) => (id === 'b' ? 'openai' : id),
  ids,
});

function encode(encoding: TraceEncoding, traces: readonly RequestTrace[]): Buffer {
  const batch = new SpanBatch(encoding.headRoom);
  for (const t of traces) {
    encoding.append(batch, t);
    batch.spans += 1 + t.attempts.length;
  }
  // A copy: the batch buffer would be reused by the exporter.
  return Buffer.from(encoding.body(batch));
}

type Decoded = {
  resourceSpans: Array<{
    resource: { attributes: unknown[] };
    scopeSpans: Array<{ scope: unknown; spans: Array<Record<string, unknown> & { attributes: Array<{ key: string; value: unknown }> }> }>;
  }>;
};

/** A span's attributes are a set (keys unique): sorted by key, as the two encodings write them in their own order. */
function byKey(d: Decoded): Decoded {
  for (const rs of d.resourceSpans)
    for (const ss of rs.scopeSpans) for (const span of ss.spans) span.attributes.sort((x, y) => x.key.localeCompare(y.key));
  return d;
}

const viaProtobuf = (traces: readonly RequestTrace[]) =>
  byKey(decodeExportRequest(encode(protobufEncoding(context(seededIds())), traces)) as Decoded);
const viaJson = (traces: readonly RequestTrace[]) =>
  byKey(JSON.parse(encode(jsonEncoding(context(seededIds())), traces).toString('utf8')) as Decoded);

describe('OTLP protobuf encoding', () => {
  it('decodes (protobufjs, published .proto) to exactly what the JSON encoding says', () => {
    const fromProtobuf = viaProtobuf(TRACES);
    expect(fromProtobuf.resourceSpans[0]!.scopeSpans[0]!.spans).toHaveLength(5 + 5);
    expect(fromProtobuf).toEqual(viaJson(TRACES));
  });

  it('carries ids as bytes, times as exact 64-bit nanoseconds, the caller as parent, errors as status', () => {
    const spans = viaProtobuf(TRACES).resourceSpans[0]!.scopeSpans[0]!.spans;
    const [failover, failedAttempt, answered] = spans;
    expect(failover).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      name: 'chat auto',
      kind: 2,
      startTimeUnixNano: '1765000000123000000',
    });
    expect(failover!.spanId).toMatch(/^[0-9a-f]{16}$/);
    for (const attempt of [failedAttempt, answered]) {
      expect(attempt).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: failover!.spanId, kind: 3 });
    }
    expect(failedAttempt!.status).toEqual({ code: 2, message: 'server' });
    expect(answered!.status).toBeUndefined();
    const attr = (span: (typeof spans)[number], key: string) => span.attributes.find((a) => a.key === key)?.value;
    expect(attr(failover!, 'router.failover_reason')).toEqual({ stringValue: 'server' });
    expect(attr(answered!, 'gen_ai.response.model')).toEqual({ stringValue: 'model-b-2026-01' });

    const unicode = spans[3]!;
    expect(unicode).toMatchObject({
      startTimeUnixNano: '1765000000123456000',
      endTimeUnixNano: '1765000000999999000',
      name: 'chat modèle-日本-🚀',
    });
    expect(unicode.traceId).not.toBe(failover!.traceId);
    expect(attr(unicode, 'gen_ai.usage.input_tokens')).toEqual({ intValue: '3000000000' });
    expect(attr(unicode, 'gen_ai.usage.output_tokens')).toEqual({ intValue: String(2 ** 40) });
    expect(attr(unicode, 'gen_ai.response.finish_reasons')).toEqual({ arrayValue: { values: [{ stringValue: 'fin-⛔' }] } });
    expect(attr(unicode, 'router.decision_id')).toEqual({ stringValue: 'd-ünïcode' });
    expect(attr(unicode, 'router.route')).toBeUndefined();

    const refused = spans[7]!;
    expect(refused.status).toEqual({ code: 2, message: 'http_429' });
    expect(attr(refused, 'router.target')).toBeUndefined();
    expect((spans[8]!.name as string).length).toBe(5 + 20_000);
    expect(attr(spans[8]!, 'router.decision_id')).toEqual({ stringValue: `d-${'x'.repeat(300)}` });
  });

  it('writes any time as exact nanoseconds (the 64-bit arithmetic against BigInt)', () => {
    let state = 7;
    const times = Array.from({ length: 2000 }, () => {
      state = (state * 48271) % 2147483647;
      // From 1970 to about 2100, to the microsecond.
      return Math.round((state / 2147483647) * 4.1e15) / 1000;
    });
    const spans = viaProtobuf(times.map((t) => trace({ startedAt: t, endedAt: t + 0.001 }))).resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(spans.map((s) => s.startTimeUnixNano)).toEqual(times.map((t) => String(BigInt(Math.round(t * 1000)) * 1000n)));
    expect(spans.map((s) => s.endTimeUnixNano)).toEqual(times.map((t) => String(BigInt(Math.round((t + 0.001) * 1000)) * 1000n)));
  });

  it('is about half the bytes of JSON', () => {
    const usual = [TRACES[0]!, TRACES[2]!];
    const protobuf = encode(protobufEncoding(context(seededIds())), usual).length;
    const json = encode(jsonEncoding(context(seededIds())), usual).length;
    expect(protobuf / json).toBeLessThan(0.55);
  });

  it('a batch that outgrows its first buffer: every span there, ids fresh per request', () => {
    const many = Array.from({ length: 700 }, (_, i) => trace({ decisionId: `d-${i}`, attempts: [ok()] }));
    const spans = viaProtobuf(many).resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(spans).toHaveLength(1400);
    expect(spans).toEqual(viaJson(many).resourceSpans[0]!.scopeSpans[0]!.spans);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(1400);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(700);
  });

  it("reads the receiver's partial success (rejected spans) in either encoding", () => {
    const protobuf = protobufEncoding(context(new SpanIds()));
    const answer = (rejected: number) =>
      Buffer.from(
        ExportResponse.encode(ExportResponse.create({ partialSuccess: { rejectedSpans: rejected, errorMessage: 'too old' } })).finish(),
      );
    expect(protobuf.rejectedSpans(answer(7))).toBe(7);
    expect(protobuf.rejectedSpans(Buffer.alloc(0))).toBe(0);
    const json = jsonEncoding(context(new SpanIds()));
    expect(json.rejectedSpans(Buffer.from('{"partialSuccess":{"rejectedSpans":"7","errorMessage":"too old"}}'))).toBe(7);
    expect(json.rejectedSpans(Buffer.from('{}'))).toBe(0);
  });
});
