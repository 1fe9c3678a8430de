// What every provider adapter offers the executor: one call that either fails before any content
// (so the executor may fail over) or hands back a body in the adapter's wire format.
import { EventEmitter } from 'node:events';
import type { Target } from '../../config/schema.js';
import type { UpstreamFailure } from '../../engine/classify.js';
import type { UpstreamFormat } from '../../wire/errors.js';

/**
 * Raised once when the client goes away; adapters stop their upstream call on it. Every request
 * makes one, and an EventEmitter costs a twentieth of an AbortController.
 */
export class ClientGone extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

export interface UpstreamCall {
  target: Target;
  /** Request body already encoded for this upstream's format, `model` set to the target's model. */
  body: Record<string, unknown>;
  stream: boolean;
  /** Extra request headers from the client that this upstream should see (e.g. anthropic-beta). */
  headers?: Record<string, string>;
  signal: ClientGone;
}

export interface UpstreamFailureReply {
  kind: 'failure';
  failure: UpstreamFailure;
  status?: number;
  message: string;
  headers: Record<string, string>;
}

// A success's response headers are not kept: nothing reads them (a failure's are, for retry-after),
// and copying them cost ~1 us per request.
export interface UpstreamJsonReply {
  kind: 'json';
  status: number;
  text: string;
}

export interface UpstreamStreamReply {
  kind: 'stream';
  status: number;
  /** Body chunks as they arrive (SSE for openai/anthropic/gemini, NDJSON for ollama): bytes, or text. */
  chunks: AsyncIterable<Uint8Array | string>;
  /** Drops the upstream body; a pending read then fails. */
  cancel(): void;
}

export type UpstreamReply = UpstreamFailureReply | UpstreamJsonReply | UpstreamStreamReply;

/** Gemini thought signatures by tool-call id, kept across turns: clients do not send them back (PROTOCOLS 3.7). */
export interface SignatureBook {
  get(toolCallId: string): string | undefined;
  set(toolCallId: string, signature: string): void;
}

export interface ProviderAdapter {
  readonly id: string;
  readonly format: UpstreamFormat;
  readonly thoughtSignatures?: SignatureBook;
  send(call: UpstreamCall): Promise<UpstreamReply>;
  /** Lets in-flight requests finish, then releases sockets. */
  close(): Promise<void>;
}
