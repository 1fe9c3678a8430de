// The exporter's queue and batches against a real receiver on 127.0.0.1 (protobuf, read back with
// protobufjs): full batches leave at once and the rest on the flush, a full queue drops and counts,
// a refused batch comes again after a backoff, and close() sends what is still queued (the open
// batch too) before its deadline.
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpConfig } from '../../src/config/telemetry-schema.js';
import type { Target } from '../../src/config/schema.js';
import type { Logger } from '../../src/daemon/log.js';
import { OtlpExporter, type DropReason } from '../../src/daemon/telemetry/otlp-exporter.js';
import { protobufEncoding } from '../../src/daemon/telemetry/otlp-protobuf.js';
import type { RequestTrace } from '../../src/daemon/telemetry/request-trace.js';
import { SpanIds } from '../../src/daemon/telemetry/span-ids.js';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlp-receiver.js';
import { waitFor } from '../helpers/wait.js';

const target: Target = { id: 'a/model-a', provider: 'a', model: 'model-a' };

/** A finished request of one attempt: two spans. */
const request = (i: number): RequestTrace => ({
  decisionId: `d-${i}`,
  route: 'main',
  requestedModel: 'auto',
  clientFormat: 'openai',
  stream: false,
  startedAt: Date.now(),
  endedAt: Date.now() + 3,
  status: 200,
  aborted: false,
  firstPlanned: target.id,
  attempts: [{ seq: 1, target, startedAt: Date.now() + 1, latencyMs: 2, outcome: 'ok', usage: null }],
  traceparent: undefined,
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, close: async () => {} };

let receiver: OtlpReceiver | undefined;
let exporter: OtlpExporter | undefined;

afterEach(async () => {
  await exporter?.close(100);
  await receiver?.close();
});

async function setUp(over: Partial<OtlpConfig>) {
  receiver = await startOtlpReceiver();
  const counts = { exported: 0, failedPosts: 0, dropped: {} as Partial<Record<DropReason, number>> };
  const config: OtlpConfig = {
    endpoint: receiver.url,
    headers: {},
    serviceName: 'llm-router',
    encoding: 'protobuf',
    sampleRatio: 1,
    maxQueueSpans: 100,
    maxBatchSpans: 4,
    flushMs: 60_000,
    timeoutMs: 5_000,
    maxRetries: 2,
    ...over,
  };
  exporter = new OtlpExporter({
    config,
    headers: {},
    encoding: protobufEncoding({ serviceName: 'llm-router', version: '0.0.0', providerName: (id) => id, ids: new SpanIds() }),
    counters: {
      exported: (n) => (counts.exported += n),
      dropped: (reason, n) => (counts.dropped[reason] = (counts.dropped[reason] ?? 0) + n),
      failedPost: () => counts.failedPosts++,
    },
    log: quiet,
    clock: Date.now,
    // The shortest backoff the jitter allows.
    random: () => 0,
  });
  return { receiver, exporter, counts };
}

describe('OTLP exporter', () => {
  it('sends full batches at once, keeps a partial one for the flush, and close() sends it', async () => {
    const { receiver, exporter, counts } = await setUp({});
    for (let i = 0; i < 5; i++) exporter.enqueue(request(i));
    // Two full batches of 4 spans (2 requests each) leave without waiting for the (one-minute) flush.
    await waitFor(() => receiver.posts.length === 2, 5_000);
    expect(receiver.posts.map((p) => p.spans)).toEqual([4, 4]);
    expect(exporter.queuedSpans).toBe(2);
    await exporter.close(3_000);
    expect(receiver.posts.map((p) => p.spans)).toEqual([4, 4, 2]);
    expect(receiver.spans.filter((s) => s.kind === 2).map((s) => s.attrs['router.decision_id'])).toEqual([
      'd-0',
      'd-1',
      'd-2',
      'd-3',
      'd-4',
    ]);
    expect(counts).toEqual({ exported: 10, failedPosts: 0, dropped: {} });
  });

  it('the flush timer sends a partial batch', async () => {
    const { receiver, exporter } = await setUp({ flushMs: 50 });
    exporter.enqueue(request(0));
    await waitFor(() => receiver.spans.length === 2, 5_000);
    expect(receiver.posts.map((p) => p.spans)).toEqual([2]);
  });

  it('a full queue drops new spans and counts them, never blocks', async () => {
    const { receiver, exporter, counts } = await setUp({ maxQueueSpans: 4, maxBatchSpans: 100 });
    for (let i = 0; i < 5; i++) exporter.enqueue(request(i));
    expect(exporter.queuedSpans).toBe(4);
    expect(counts.dropped).toEqual({ queue_full: 6 });
    await exporter.close(3_000);
    expect(receiver.spans).toHaveLength(4);
  });

  it('a refused batch (503) is sent again after a backoff; one refused too often is dropped and counted', async () => {
    const { receiver, exporter, counts } = await setUp({});
    receiver.answer(503);
    exporter.enqueue(request(0));
    exporter.enqueue(request(1));
    await waitFor(() => receiver.posts.length >= 1, 5_000);
    receiver.answer(200);
    // The receiver has the spans before the exporter has read its answer: wait for the exporter's count.
    await waitFor(() => counts.exported === 4, 5_000);
    expect(receiver.posts.map((p) => p.spans)).toEqual([0, 4]);
    expect(counts).toMatchObject({ exported: 4, failedPosts: 1 });
    expect(exporter.lastError).toBe('HTTP 503');

    receiver.answer(503);
    exporter.enqueue(request(2));
    exporter.enqueue(request(3));
    // maxRetries 2: three posts, then the batch is dropped.
    await waitFor(() => counts.dropped.export_failed === 4, 10_000);
    expect(receiver.posts).toHaveLength(2 + 3);
    expect(counts.failedPosts).toBe(4);
  });
});
