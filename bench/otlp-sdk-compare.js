// node bench/otlp-sdk-compare.js [--sdk DIR] [--n N]
// The CPU one request's trace export costs in the daemon's process, same spans (a request span and
// one attempt span with the same attributes) to the same receiver (bench/otlp-sink.js): the router's
// own exporter (dist/daemon/telemetry) in its protobuf and its JSON encoding, and with --sdk the
// official OpenTelemetry JS SDK (BatchSpanProcessor + OTLPTraceExporter, OTLP/HTTP JSON). The SDK is
// not a dependency: install it somewhere else and pass that folder, e.g.
//   mkdir /tmp/otel-sdk && cd /tmp/otel-sdk && npm i @opentelemetry/api@1.9.0 \
//     @opentelemetry/sdk-trace-base@2.12.1 @opentelemetry/exporter-trace-otlp-http@0.223.1 @opentelemetry/resources@2.12.1
// (the newest exporter, 0.300+, needs Node >= 22.15). Requests are fed 100 at a time, 5 ms apart,
// like traffic; the figure is CPU above the same loop with export off.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { arg, benchDir, runMain, startOtlpSink } from './procs.js';

const sdkDir = arg('--sdk', '');
const n = Number(arg('--n', '40000'));
const dist = join(benchDir, '..', 'dist', 'daemon', 'telemetry');
const target = { id: 'mock/bench-model', provider: 'mock', model: 'bench-model' };

/** The facts one finished request leaves: what the recorder hands the exporter. */
function finished(i) {
  const startedAt = Date.now();
  return {
    x: {
      plan: { decisionId: `d-mwr65pup-3fa9c1-${i.toString(36)}`, route: 'bench', attempts: [target] },
      startedAt,
      stream: true,
      facts: { model: 'auto', clientFormat: 'openai', headers: {} },
    },
    results: [
      {
        seq: 1,
        target,
        startedAt: startedAt + 1,
        latencyMs: 3,
        ttftMs: 1,
        outcome: 'ok',
        usage: { inputTokens: 12, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        finishReason: 'stop',
      },
    ],
    endedAt: startedAt + 5,
  };
}

async function feed(each) {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i += 100) {
    for (let j = i; j < i + 100; j++) each(finished(j));
    await new Promise((r) => setTimeout(r, 5));
  }
  return before;
}

const cpuSince = (before) => {
  const c = process.cpuUsage(before);
  return (c.user + c.system) / n;
};

async function router(url, encodingName) {
  const { requestTrace } = await import(join(dist, 'request-trace.js'));
  const { jsonEncoding } = await import(join(dist, 'otlp-json.js'));
  const { protobufEncoding } = await import(join(dist, 'otlp-protobuf.js'));
  const { SpanIds } = await import(join(dist, 'span-ids.js'));
  const { OtlpExporter } = await import(join(dist, 'otlp-exporter.js'));
  const ctx = { serviceName: 'llm-router', version: '0.1.0', providerName: (id) => id, ids: new SpanIds() };
  const quiet = { info() {}, debug() {}, warn: console.error, error: console.error, close: async () => {} };
  const config = {
    endpoint: url,
    headers: {},
    serviceName: 'llm-router',
    maxQueueSpans: 1e6,
    maxBatchSpans: 512,
    flushMs: 1000,
    timeoutMs: 10_000,
    maxRetries: 5,
  };
  const counters = { exported() {}, dropped: (reason, k) => console.error(`dropped ${k} (${reason})`), failedPost() {} };
  const ex = new OtlpExporter({
    config,
    headers: {},
    encoding: encodingName === 'json' ? jsonEncoding(ctx) : protobufEncoding(ctx),
    counters,
    log: quiet,
    clock: Date.now,
    random: Math.random,
  });
  const before = await feed((f) => ex.enqueue(requestTrace(f.x, f.results, 200, false, f.endedAt)));
  await ex.close(30_000);
  return cpuSince(before);
}

async function sdk(url) {
  const require = createRequire(join(sdkDir, 'package.json'));
  const api = require('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources');
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'llm-router', 'service.version': '0.1.0' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 1e6, maxExportBatchSize: 512, scheduledDelayMillis: 1000 })],
  });
  const tracer = provider.getTracer('llm-router', '0.1.0');
  const before = await feed(({ x, results, endedAt }) => {
    const a = results[0];
    const root = tracer.startSpan('chat auto', {
      kind: api.SpanKind.SERVER,
      startTime: x.startedAt,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'auto',
        'gen_ai.provider.name': 'mock',
        'router.target': target.id,
        'router.route': 'bench',
        'router.client_format': 'openai',
        'gen_ai.response.model': target.model,
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 12,
        'gen_ai.response.finish_reasons': ['stop'],
        'router.decision_id': x.plan.decisionId,
        'router.attempts': 1,
        'http.response.status_code': 200,
      },
    });
    const child = tracer.startSpan(
      'chat bench-model',
      {
        kind: api.SpanKind.CLIENT,
        startTime: a.startedAt,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'mock',
          'gen_ai.request.model': target.model,
          'router.target': target.id,
          'gen_ai.usage.input_tokens': 12,
          'gen_ai.usage.output_tokens': 12,
          'gen_ai.response.finish_reasons': ['stop'],
          'router.attempt': 1,
          'router.outcome': 'ok',
          'router.ttft_ms': 1,
        },
      },
      api.trace.setSpan(api.ROOT_CONTEXT, root),
    );
    child.end(a.startedAt + a.latencyMs);
    root.end(endedAt);
  });
  await provider.forceFlush();
  await provider.shutdown();
  return cpuSince(before);
}

async function main() {
  const sink = await startOtlpSink();
  const url = `http://127.0.0.1:${sink.value}`;
  const spans = async () => (await (await globalThis.fetch(`${url}/`)).json()).spans;
  // The loop alone (making the facts, the timers), to subtract.
  const idle = cpuSince(await feed(() => {}));
  for (let rep = 1; rep <= 3; rep++) {
    const line = [];
    for (const [name, run] of [
      ['router protobuf', () => router(url, 'protobuf')],
      ['router JSON', () => router(url, 'json')],
      ...(sdkDir ? [['OpenTelemetry SDK', () => sdk(url)]] : []),
    ]) {
      const had = await spans();
      const us = (await run()) - idle;
      line.push(`${name} ${us.toFixed(1)} us (${(await spans()) - had} of ${2 * n} spans received)`);
    }
    console.log(`rep ${rep}: ${line.join(', ')} CPU per request`);
  }
}

runMain(main);
