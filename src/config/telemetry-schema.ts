// `telemetry:` in config.yaml: trace export over OTLP/HTTP (protobuf or JSON). Off unless `otlp` is set.
import { z } from 'zod';

export const otlpSchema = z.strictObject({
  // The collector's base URL (http://127.0.0.1:4318); /v1/traces is added unless the URL already ends with it.
  endpoint: z.string().url(),
  // Sent with every export; values are secret references like a provider's apiKey (env:NAME, file:PATH).
  headers: z.record(z.string(), z.string()).default({}),
  serviceName: z.string().min(1).default('llm-router'),
  // The body's encoding: protobuf costs the data plane less (README, Observability); JSON for receivers that take only JSON.
  encoding: z.enum(['protobuf', 'json']).default('protobuf'),
  // Share of requests traced (head sampling); a request with a W3C traceparent follows its sampled flag instead.
  sampleRatio: z.number().min(0).max(1).default(1),
  // Spans waiting for export at most; past it new spans are dropped (and counted), never waited for.
  maxQueueSpans: z.number().int().positive().default(4096),
  maxBatchSpans: z.number().int().positive().default(512),
  // How often a batch leaves (sooner when a full batch is waiting).
  flushMs: z.number().int().positive().default(1000),
  timeoutMs: z.number().int().positive().default(10_000),
  // Retries of a batch the receiver refused with a retryable status or could not be reached; then dropped.
  maxRetries: z.number().int().nonnegative().default(5),
});

// Optional as a whole, so a config built in code (tests, fixtures) needs no telemetry block.
export const telemetrySchema = z.strictObject({ otlp: otlpSchema.optional() }).optional();

export type OtlpConfig = z.output<typeof otlpSchema>;
