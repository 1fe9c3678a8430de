// One attempt's bookkeeping: the routing state (health, cooldowns, breakers), the ledger's row, and
// what the client is told when it failed. Every way an attempt ends goes through here once.
import type { Target } from '../config/schema.js';
import { classifyFailure, retryAfterMs, type UpstreamFailure } from '../engine/classify.js';
import { clientErrorOf } from '../engine/client-error.js';
import type { ErrorClass } from '../engine/types.js';
import type { ClientError } from '../wire/errors.js';
import type { Usage } from '../wire/usage.js';
import type { Run } from './exchange.js';
import { scrubberOf } from './providers/registry.js';

export interface Failed {
  kind: 'failed';
  error: ClientError;
  errorClass: ErrorClass;
  retryable: boolean;
  /** The upstream's own message, scrubbed of provider secrets (what an in-stream error may quote). */
  detail: string;
  /** Facts the engine's same-target retry policy reads. */
  status?: number;
  network?: UpstreamFailure['network'];
  retryAfterMs?: number;
}

export class AttemptBook {
  readonly seq: number;
  readonly startedAt: number;

  constructor(
    private readonly run: Run,
    readonly target: Target,
  ) {
    this.seq = run.results.length + 1;
    this.startedAt = run.deps.clock();
  }

  elapsed(): number {
    return this.run.deps.clock() - this.startedAt;
  }

  /** The request is about to leave: a half-open breaker admits exactly this probe. */
  sending(): void {
    this.run.deps.state.apply({ type: 'attempt.started', target: this.target.id });
  }

  /** A target this request cannot be sent to (no adapter, no translation) is passed without touching its health. */
  skipped(error: ClientError): Failed {
    this.run.results.push({
      seq: this.seq,
      target: this.target,
      startedAt: this.startedAt,
      latencyMs: 0,
      outcome: 'failed',
      errorClass: 'server',
      usage: null,
    });
    return { kind: 'failed', error, retryable: true, errorClass: 'server', detail: error.message };
  }

  /**
   * The router's own limits for this provider (rpm / tpm / concurrency) would hold the attempt past
   * its queue deadline: it gives way to the next target. Nothing was sent, so the provider's health
   * is untouched and no attempt row is written; only the trace says so.
   */
  limited(message: string): Failed {
    const error: ClientError = { status: 429, type: 'rate_limit_error', message };
    return { kind: 'failed', error, retryable: true, errorClass: 'rate_limit', detail: message };
  }

  /** `after`: a stream that broke once committed keeps its time to first token and usage in the ledger. */
  failed(
    failure: UpstreamFailure,
    upstreamMessage: string,
    status?: number,
    headers: Record<string, string> = {},
    after?: { ttftMs: number; usage: Usage | null },
  ): Failed {
    // The one place an upstream's words become the client's: provider secrets it echoed stop here.
    const message = scrubberOf(this.run.deps.adapters()).scrub(upstreamMessage);
    const { errorClass, retryable } = failure.clientClosed
      ? { errorClass: 'client_closed' as const, retryable: false }
      : classifyFailure(failure);
    const retryMs = retryAfterMs(headers, this.run.deps.clock());
    this.run.deps.state.apply({ type: 'attempt.failed', target: this.target.id, errorClass, retryAfterMs: retryMs });
    this.run.results.push({
      seq: this.seq,
      target: this.target,
      startedAt: this.startedAt,
      latencyMs: this.elapsed(),
      ttftMs: after?.ttftMs,
      outcome: errorClass === 'client_closed' ? 'aborted' : 'failed',
      errorClass,
      status,
      usage: after?.usage ?? null,
    });
    return {
      kind: 'failed',
      error: clientErrorOf(errorClass, failure, message, status, retryMs),
      retryable,
      errorClass,
      status,
      network: failure.network,
      retryAfterMs: retryMs,
      detail: message,
    };
  }

  /** `answer`: what the upstream said of its answer, for trace export (either may be unknown). */
  succeeded(ttftMs: number | undefined, usage: Usage | null, answer: { finishReason?: string | null; model?: string } = {}): void {
    const latencyMs = this.elapsed();
    this.run.deps.state.apply({ type: 'attempt.succeeded', target: this.target.id, latencyMs, ttftMs });
    this.run.results.push({
      seq: this.seq,
      target: this.target,
      startedAt: this.startedAt,
      latencyMs,
      ttftMs,
      outcome: 'ok',
      usage,
      finishReason: answer.finishReason ?? undefined,
      responseModel: typeof answer.model === 'string' ? answer.model : undefined,
    });
  }
}
