// Trace export as the daemon sees it: an OTLP exporter built from `telemetry.otlp` (rebuilt when a
// reload changes it, absent when it is off), its counters in /metrics, its line in `router status`.
// The recorder hands it each finished request; with telemetry off that is one null check.
import { readFileSync } from 'node:fs';
import type { Config } from '../../config/schema.js';
import { resolveSecret } from '../../config/secrets.js';
import type { OtlpConfig } from '../../config/telemetry-schema.js';
import type { TelemetryStatusDTO } from '../../protocol/index.js';
import type { Logger } from '../log.js';
import { Counter, Gauge, type Metrics } from '../metrics.js';
import type { AttemptResult, RecordedExchange } from '../recorder.js';
import { jsonEncoding } from './otlp-json.js';
import { protobufEncoding } from './otlp-protobuf.js';
import { OtlpExporter, shownEndpoint, type DropReason, type ExportCounters } from './otlp-exporter.js';
import { requestTrace } from './request-trace.js';
import { SpanIds } from './span-ids.js';
import type { EncodeContext } from './trace-encoding.js';

export interface TelemetryDeps {
  config: () => Config;
  env: Record<string, string | undefined>;
  metrics: Metrics;
  log: Logger;
  version: string;
  clock: () => number;
}

/** gen_ai.provider.name values the GenAI conventions define, by provider type; others use the provider's id. */
const wellKnownProviders: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', gemini: 'gcp.gemini' };

const dropReasons: readonly DropReason[] = ['queue_full', 'export_failed', 'rejected', 'shutdown'];

export type Telemetry = ReturnType<typeof createTelemetry>;

export function createTelemetry(d: TelemetryDeps) {
  const exported = new Counter('router_otlp_spans_exported_total', 'Spans the OTLP receiver accepted.', []);
  const dropped = new Counter('router_otlp_spans_dropped_total', 'Spans not exported, by reason.', ['reason']);
  const failedPosts = new Counter('router_otlp_export_errors_total', 'OTLP export requests that failed (retried or not).', []);
  // Zero-valued series from the start, so dashboards and alerts see the families before the first drop.
  exported.add(0);
  failedPosts.add(0);
  for (const reason of dropReasons) dropped.add(0, reason);
  let exportedTotal = 0;
  let droppedTotal = 0;
  const counters: ExportCounters = {
    exported(n) {
      exported.add(n);
      exportedTotal += n;
    },
    dropped(reason, n) {
      dropped.add(n, reason);
      droppedTotal += n;
    },
    failedPost: () => failedPosts.inc(),
  };
  let exporter: OtlpExporter | null = null;
  let current = '';
  d.metrics.register(exported);
  d.metrics.register(dropped);
  d.metrics.register(failedPosts);
  d.metrics.register(new Gauge('router_otlp_queue_spans', 'Spans waiting for export.', [], () => [[[], exporter?.queuedSpans ?? 0]]));

  const build = (otlp: OtlpConfig): OtlpExporter => {
    const context: EncodeContext = {
      serviceName: otlp.serviceName,
      version: d.version,
      providerName: (id) => wellKnownProviders[d.config().providers[id]?.type ?? ''] ?? id,
      ids: new SpanIds(),
    };
    return new OtlpExporter({
      config: otlp,
      headers: resolveHeaders(otlp.headers, d.env, d.log),
      encoding: otlp.encoding === 'json' ? jsonEncoding(context) : protobufEncoding(context),
      counters,
      log: d.log,
      clock: d.clock,
      random: Math.random,
    });
  };

  /** Builds, replaces or removes the exporter when `telemetry.otlp` changed; the old one flushes in the background. */
  const apply = (config: Config): void => {
    const otlp = config.telemetry?.otlp;
    const key = otlp ? JSON.stringify(otlp) : '';
    if (key === current) return;
    current = key;
    const old = exporter;
    exporter = otlp ? build(otlp) : null;
    if (otlp) d.log.info('telemetry.otlp_enabled', { endpoint: shownEndpoint(otlp.endpoint) });
    void old?.close(2_000);
  };
  apply(d.config());

  return {
    onConfig: apply,

    /** Once per finished request, from the recorder. */
    request(x: RecordedExchange, results: readonly AttemptResult[], status: number, aborted: boolean, now: number): void {
      if (exporter === null || !sampled(x.facts.headers['traceparent'], exporter.sampleRatio)) return;
      exporter.enqueue(requestTrace(x, results, status, aborted, now));
    },

    status(): TelemetryStatusDTO | undefined {
      if (!exporter) return undefined;
      return {
        endpoint: exporter.endpoint,
        queuedSpans: exporter.queuedSpans,
        exportedSpans: exportedTotal,
        droppedSpans: droppedTotal,
        lastError: exporter.lastError,
      };
    },

    /** On shutdown: what is queued goes out within `deadlineMs`. */
    async close(deadlineMs: number): Promise<void> {
      const last = exporter;
      exporter = null;
      await last?.close(deadlineMs);
    },
  };
}

/**
 * Head sampling as OpenTelemetry's parent-based ratio sampler does it: a caller's traceparent decides
 * by its sampled flag, else a share of requests is drawn.
 */
function sampled(traceparent: string | undefined, ratio: number): boolean {
  if (typeof traceparent === 'string' && traceparent.length >= 55) {
    const flags = parseInt(traceparent.slice(-2), 16);
    if (!Number.isNaN(flags)) return (flags & 1) === 1;
  }
  return ratio >= 1 || Math.random() < ratio;
}

/** Header values are secret references; one that cannot be read is left out and named (never its value). */
function resolveHeaders(headers: Record<string, string>, env: Record<string, string | undefined>, log: Logger): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, ref] of Object.entries(headers)) {
    const r = resolveSecret(ref, env, (f) => readFileSync(f, 'utf8'));
    if (r.value !== undefined) out[name] = r.value;
    else if (r.problem) log.warn('telemetry.header_unresolved', { header: name, problem: r.problem });
  }
  return out;
}
