// Trace export over OTLP/HTTP from a real daemon to a real receiver on 127.0.0.1, in both encodings
// (protobuf, the default, read back with protobufjs; and JSON): a span per request with a child per
// attempt, GenAI and router attributes, a failover's two attempts, the caller's traceparent honoured,
// the header secret on the wire and nowhere else; then the receiver goes away and the queue drops and
// counts while every client request is still answered.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.js';
import { daemonStatus, startDaemon, tempHome, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'otlp-token-5f1e0c9a7b';
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

const ENCODINGS = [
  // No `encoding` key: the default must be protobuf.
  { name: 'protobuf', key: '', contentType: 'application/x-protobuf' },
  { name: 'json', key: 'encoding: json', contentType: 'application/json' },
];

describe.each(ENCODINGS)('OTLP trace export ($name)', ({ key, contentType }) => {
  let a: FakeUpstream;
  let b: FakeUpstream;
  let receiver: OtlpReceiver;
  let d: RunningDaemon;

  beforeAll(async () => {
    [a, b, receiver] = await Promise.all([startFakeUpstream(), startFakeUpstream(), startOtlpReceiver()]);
    const home = tempHome();
    writeFileSync(join(home, 'otlp-token'), `Bearer ${TOKEN}\n`);
    writeFileSync(join(home, 'b-key'), 'sk-b-test-0123456789\n');
    d = await startDaemon(
      `
providers:
  a: { type: openai-compatible, baseUrl: "${a.url}" }
  b: { type: openai, baseUrl: "${b.url}", apiKey: "file:${home}/b-key" }
routes:
  main: { strategy: ordered, targets: [a/model-a, b/model-b] }
cooldowns: { serverErrorSeconds: 0 }
telemetry:
  otlp:
    endpoint: "${receiver.url}"
    headers: { authorization: "file:${home}/otlp-token", x-tenant: acme }
    serviceName: router-under-test
    flushMs: 50
    maxQueueSpans: 6
    maxRetries: 1
    ${key}
`,
      home,
    );
  });

  afterAll(async () => {
    await d?.stop();
    await Promise.all([a?.close(), b?.close(), receiver?.close()]);
  });

  const chat = (stream: boolean, headers: Record<string, string> = {}) =>
    fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'auto', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });

  /** The request span with this decision id and the attempt spans under it (they name no decision). */
  async function spansOf(decision: string, count: number): Promise<ReceivedSpan[]> {
    const mine = () => {
      const request = receiver.spans.find((s) => s.attrs['router.decision_id'] === decision);
      return request ? [request, ...receiver.spans.filter((s) => s.parentSpanId === request.spanId)] : [];
    };
    await waitFor(() => mine().length >= count, 5_000);
    return mine();
  }

  it('a failover: one SERVER span for the request, two CLIENT attempt spans under it, in the caller trace', async () => {
    a.script({ kind: 'status', status: 503 });
    b.script({ kind: 'text', text: 'hello', model: 'model-b-2026-01' });
    const r = await chat(false, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    expect(r.status).toBe(200);
    await r.text();
    const decision = r.headers.get('x-router-decision')!;
    const spans = await spansOf(decision, 3);
    expect(spans).toHaveLength(3);

    const request = spans.find((s) => s.kind === 2)!;
    const attempts = spans
      .filter((s) => s.kind === 3)
      .sort((x, y) => Number(x.attrs['router.attempt']) - Number(y.attrs['router.attempt']));
    expect(request.name).toBe('chat auto');
    expect(request.traceId).toBe(CALLER_TRACE);
    expect(request.parentSpanId).toBe(CALLER_SPAN);
    expect(attempts.map((s) => s.name)).toEqual(['chat model-a', 'chat model-b']);
    for (const s of attempts) {
      expect(s.traceId).toBe(CALLER_TRACE);
      expect(s.parentSpanId).toBe(request.spanId);
      expect(BigInt(s.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(request.startTimeUnixNano));
      expect(BigInt(s.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(request.endTimeUnixNano));
    }
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(3);

    expect(request.attrs).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'auto',
      'gen_ai.response.model': 'model-b-2026-01',
      'gen_ai.provider.name': 'openai',
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.response.finish_reasons': ['stop'],
      'router.route': 'main',
      'router.decision_id': decision,
      'router.target': 'b/model-b',
      'router.attempts': 2,
      'router.failover_reason': 'server',
      'http.response.status_code': 200,
    });
    expect(request.status?.code ?? 0).toBe(0);
    expect(request.resource['service.name']).toBe('router-under-test');

    const [first, second] = attempts as [ReceivedSpan, ReceivedSpan];
    expect(first.attrs).toMatchObject({
      'gen_ai.provider.name': 'a',
      'gen_ai.request.model': 'model-a',
      'router.attempt': 1,
      'router.target': 'a/model-a',
      'router.outcome': 'failed',
      'error.type': 'server',
      'http.response.status_code': 503,
    });
    expect(first.status).toEqual({ code: 2, message: 'server' });
    expect(second.attrs).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'model-b',
      'gen_ai.response.model': 'model-b-2026-01',
      'gen_ai.usage.output_tokens': 7,
      'router.attempt': 2,
      'router.outcome': 'ok',
      'router.failover_reason': 'server',
    });
    expect(second.attrs['error.type']).toBeUndefined();
    expect(second.status?.code ?? 0).toBe(0);
  });

  it('a stream without a traceparent starts its own trace and records time to first token and finish reason', async () => {
    a.script({ kind: 'text', text: 'streamed answer' });
    const r = await chat(true);
    await r.text();
    const spans = await spansOf(r.headers.get('x-router-decision')!, 2);
    const request = spans.find((s) => s.kind === 2)!;
    const attempt = spans.find((s) => s.kind === 3)!;
    expect(request.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(request.traceId).not.toBe(CALLER_TRACE);
    expect(request.parentSpanId ?? '').toBe('');
    expect(attempt.parentSpanId).toBe(request.spanId);
    expect(attempt.attrs['router.ttft_ms']).toEqual(expect.any(Number));
    expect(attempt.attrs['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(request.attrs['router.failover_reason']).toBeUndefined();
  });

  it("a caller's traceparent that is not sampled (flags 00) is not exported", async () => {
    a.script({ kind: 'text', text: 'not traced' });
    const quiet = await chat(false, { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-00` });
    await quiet.text();
    const traced = await chat(false);
    await traced.text();
    // Spans leave in order: once the later request's are in, the earlier one's would be too.
    await spansOf(traced.headers.get('x-router-decision')!, 2);
    expect(receiver.spans.filter((s) => s.attrs['router.decision_id'] === quiet.headers.get('x-router-decision'))).toEqual([]);
    expect(receiver.spans.filter((s) => s.traceId === '1'.repeat(32))).toEqual([]);
  });

  it(`posts ${contentType} to /v1/traces with the header secret, which is never logged`, async () => {
    const post = receiver.posts.at(-1)!;
    expect(post.path).toBe('/v1/traces');
    expect(post.contentType).toBe(contentType);
    expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post.headers['x-tenant']).toBe('acme');
    const s = await daemonStatus(d.socket);
    expect(s.telemetry).toMatchObject({ endpoint: `${receiver.url}/v1/traces`, droppedSpans: 0, lastError: null });
    expect(s.telemetry!.exportedSpans).toBeGreaterThanOrEqual(5);
  });

  it('receiver gone: spans are dropped and counted, every client request is still answered', async () => {
    await receiver.close();
    a.script({ kind: 'text', text: 'still here' });
    const statuses = await Promise.all(Array.from({ length: 12 }, () => chat(false).then(async (r) => (await r.text(), r.status))));
    expect(statuses).toEqual(Array.from({ length: 12 }, () => 200));
    // 12 requests of 2 spans each against a 6-span queue whose batch cannot leave: most are dropped.
    // The queue overflows at once; the first failed POST is seen when its connection is refused.
    await waitFor(async () => {
      const t = (await daemonStatus(d.socket)).telemetry;
      return (t?.droppedSpans ?? 0) >= 12 && t?.lastError != null;
    }, 5_000);
    const s = await daemonStatus(d.socket);
    expect(s.telemetry!.queuedSpans).toBeLessThanOrEqual(6);
    expect(s.telemetry!.lastError).toMatch(/ECONNREFUSED|connect/i);
    const metrics = await (await fetch(`${d.url}/metrics`)).text();
    const dropped = Number(/router_otlp_spans_dropped_total\{reason="queue_full"\} (\d+)/.exec(metrics)?.[1]);
    expect(dropped).toBeGreaterThanOrEqual(12);
    expect(metrics).toMatch(/router_otlp_export_errors_total [1-9]/);
    // The secret stays on the wire: not in the log, not in status.
    const log = readFileSync(join(d.home, 'routerd.log'), 'utf8');
    expect(log).toContain('telemetry.export_failed');
    expect(log).not.toContain(TOKEN);
    expect(JSON.stringify(s)).not.toContain(TOKEN);
  });
});
