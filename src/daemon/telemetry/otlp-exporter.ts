// Sends finished requests to an OTLP/HTTP receiver as JSON, in batches, from a bounded queue. The
// request path only appends to the queue; a full queue drops (and counts) instead of waiting, a
// receiver that is down or busy gets the batch again after a backoff, and a shutdown sends what is
// left within a deadline. Header values are credentials: they go on the wire and nowhere else.
import { Pool } from 'undici';
import type { OtlpConfig } from '../../config/telemetry-schema.js';
import type { Logger } from '../log.js';
import { spanCount, type RequestTrace } from './request-trace.js';

export type DropReason = 'queue_full' | 'export_failed' | 'rejected' | 'shutdown';

/** Where the exporter reports what became of spans (the daemon's /metrics counters). */
export interface ExportCounters {
  exported(spans: number): void;
  dropped(reason: DropReason, spans: number): void;
  /** One POST that failed (it may be retried). */
  failedPost(): void;
}

export interface ExporterDeps {
  config: OtlpConfig;
  /** Resolved header values (secret references already read). */
  headers: Record<string, string>;
  /** The batch as an OTLP JSON export request body. */
  encode: (traces: readonly RequestTrace[]) => Buffer;
  counters: ExportCounters;
  log: Logger;
  clock: () => number;
  /** In [0, 1): backoff jitter. */
  random: () => number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

type PostResult =
  { kind: 'ok'; rejected: number } | { kind: 'retry'; afterMs?: number; error: string } | { kind: 'refused'; error: string };

/** The traces URL for a configured endpoint: OTLP's base URL convention, or the full URL as given. */
export function tracesUrl(endpoint: string): URL {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url;
}

/** The endpoint as it may be shown: no user or password that a URL may carry. */
export function shownEndpoint(endpoint: string): string {
  const url = tracesUrl(endpoint);
  url.username = '';
  url.password = '';
  return url.toString();
}

export class OtlpExporter {
  private queue: RequestTrace[] = [];
  private queued = 0;
  private sending: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly headers: Record<string, string>;
  /** Set by close(): retries stop waiting past it. */
  private deadline: number | null = null;
  private wakeUp: (() => void) | null = null;
  private failing = false;
  lastError: string | null = null;
  /** The traces URL, fit to show. */
  readonly endpoint: string;

  constructor(private readonly d: ExporterDeps) {
    const url = tracesUrl(d.config.endpoint);
    this.endpoint = shownEndpoint(d.config.endpoint);
    this.path = `${url.pathname}${url.search}`;
    this.pool = new Pool(url.origin, { connections: 1, headersTimeout: d.config.timeoutMs, bodyTimeout: d.config.timeoutMs });
    this.headers = { ...d.headers, 'content-type': 'application/json' };
    this.timer = setInterval(() => this.drain(), d.config.flushMs);
    this.timer.unref();
  }

  get sampleRatio(): number {
    return this.d.config.sampleRatio;
  }

  get queuedSpans(): number {
    return this.queued;
  }

  /** Called once per finished request: O(1), never waits. */
  enqueue(t: RequestTrace): void {
    const spans = spanCount(t);
    if (this.deadline !== null || this.queued + spans > this.d.config.maxQueueSpans) return this.d.counters.dropped('queue_full', spans);
    this.queue.push(t);
    this.queued += spans;
    if (this.queued >= this.d.config.maxBatchSpans && this.sending === null) setImmediate(() => this.drain());
  }

  /** Sends what is queued (one batch after another) unless a send is already under way. */
  private drain(): void {
    if (this.sending !== null || this.queue.length === 0) return;
    this.sending = this.sendAll().finally(() => (this.sending = null));
  }

  private async sendAll(): Promise<void> {
    while (this.queue.length > 0) {
      await this.sendBatch(this.takeBatch());
      // Between flushes only full batches go at once; a shutdown sends everything.
      if (this.deadline === null && this.queued < this.d.config.maxBatchSpans) return;
      if (this.deadline !== null && this.d.clock() >= this.deadline) return;
    }
  }

  private takeBatch(): RequestTrace[] {
    let spans = 0;
    let n = 0;
    while (n < this.queue.length) {
      const next = spanCount(this.queue[n]!);
      if (n > 0 && spans + next > this.d.config.maxBatchSpans) break;
      spans += next;
      n++;
    }
    this.queued -= spans;
    return this.queue.splice(0, n);
  }

  private async sendBatch(batch: RequestTrace[]): Promise<void> {
    const spans = batch.reduce((sum, t) => sum + spanCount(t), 0);
    const body = this.d.encode(batch);
    for (let attempt = 0; ; attempt++) {
      const r = await this.post(body);
      if (r.kind === 'ok') {
        this.recovered();
        if (r.rejected > 0) this.d.counters.dropped('rejected', Math.min(r.rejected, spans));
        return this.d.counters.exported(spans - Math.min(r.rejected, spans));
      }
      this.d.counters.failedPost();
      this.failed(r.error, spans);
      if (r.kind === 'refused') return this.d.counters.dropped('rejected', spans);
      const wait = r.afterMs ?? backoff(attempt, this.d.random);
      const late = this.deadline !== null && this.d.clock() + wait >= this.deadline;
      if (attempt >= this.d.config.maxRetries || late) return this.d.counters.dropped('export_failed', spans);
      await this.sleep(wait);
    }
  }

  private async post(body: Buffer): Promise<PostResult> {
    try {
      const res = await this.pool.request({ method: 'POST', path: this.path, headers: this.headers, body });
      const text = await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) return { kind: 'ok', rejected: rejectedSpans(text) };
      const error = `HTTP ${res.statusCode}`;
      if (!RETRYABLE.has(res.statusCode)) return { kind: 'refused', error };
      return { kind: 'retry', error, afterMs: retryAfterMs(res.headers['retry-after']) };
    } catch (err) {
      return { kind: 'retry', error: (err as Error).message };
    }
  }

  /** One log line when exports start failing and one when they recover, not one per batch. */
  private failed(error: string, spans: number): void {
    this.lastError = error;
    if (this.failing) return;
    this.failing = true;
    this.d.log.warn('telemetry.export_failed', { endpoint: this.endpoint, error, spans });
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.d.log.info('telemetry.export_recovered', { endpoint: this.endpoint });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Stops taking spans, sends what is queued until `deadlineMs` from now, drops (and counts) the rest. */
  async close(deadlineMs: number): Promise<void> {
    this.deadline = this.d.clock() + deadlineMs;
    clearInterval(this.timer);
    this.wakeUp?.();
    const cut = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([this.sending, cut]);
    if (this.sending === null && this.queue.length > 0 && this.d.clock() < this.deadline) {
      this.drain();
      await Promise.race([this.sending, cut]);
    }
    if (this.queued > 0) this.d.counters.dropped('shutdown', this.queued);
    this.queue = [];
    this.queued = 0;
    await this.pool.destroy().catch(() => {});
  }
}

function backoff(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_BACKOFF_MS) : undefined;
}

/** OTLP's partial success: the receiver took the request but refused some spans. */
function rejectedSpans(text: string): number {
  if (!text.includes('rejectedSpans')) return 0;
  try {
    const n = Number((JSON.parse(text) as { partialSuccess?: { rejectedSpans?: unknown } }).partialSuccess?.rejectedSpans ?? 0);
    return Number.isFinite(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}
