// What an OTLP/HTTP body encoding does for the exporter (otlp-json.ts, otlp-protobuf.ts): append a
// finished request's spans to a batch as the request ends, and wrap a batch in the export request's
// envelope when it leaves. Both write the same spans; README, Observability, has what each costs.
import type { SpanBatch } from './span-batch.js';
import type { SpanIds } from './span-ids.js';
import type { RequestTrace } from './request-trace.js';

export type EncodingName = 'json' | 'protobuf';

export interface TraceEncoding {
  contentType: string;
  /** Bytes a batch keeps in front of its spans for the envelope. */
  headRoom: number;
  /** Appends one request's spans: its SERVER span and a CLIENT span per attempt. */
  append(batch: SpanBatch, t: RequestTrace): void;
  /** The batch as one ExportTraceServiceRequest body. */
  body(batch: SpanBatch): Buffer;
  /** From an ExportTraceServiceResponse: the spans its partial_success says were rejected (may throw on garbage). */
  rejectedSpans(answer: Buffer): number;
}

export interface EncodeContext {
  serviceName: string;
  version: string;
  /** gen_ai.provider.name for a configured provider id (its well-known name, or the id itself). */
  providerName: (providerId: string) => string;
  ids: SpanIds;
}

/** Span kinds and status codes as numbers, as OTLP has them. */
export const SPAN_KIND_SERVER = 2;
export const SPAN_KIND_CLIENT = 3;
export const STATUS_ERROR = 2;
