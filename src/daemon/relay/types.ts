// A relay knows one (client format, upstream format) pair: how to encode the request for the
// upstream and how to turn the upstream's answer into the client's bytes. The executor stays
// format-blind: it only asks "did content start?", "did it end well?" and "what usage?".
import type { Target } from '../../config/schema.js';
import type { UpstreamFailure } from '../../engine/classify.js';
import type { ClientError, RenderedError, UpstreamFormat } from '../../wire/errors.js';
import type { Usage } from '../../wire/usage.js';
import type { UpstreamJsonReply } from '../providers/types.js';
import type { SentSoFar } from './splice.js';

export interface StreamStep {
  /** Bytes for the client (may be empty). */
  out: string;
  /** This step carried the first content: the commit point for failover. */
  content: boolean;
  /** The upstream signalled a proper end. */
  terminal: boolean;
  /** The upstream reported or caused a failure (malformed data, an error event). */
  failure?: { failure: UpstreamFailure; message: string };
}

export interface StreamSession {
  push(text: string): StreamStep;
  /** Upstream EOF: whatever is left, and a failure when no terminal event was seen. */
  end(): StreamStep;
  readonly usage: Usage | null;
  readonly finishReason: string | null;
}

export type JsonOutcome =
  | {
      ok: true;
      body: string;
      usage: Usage | null;
      /** The answer's text, for escalation checks. */
      text: string;
      /** As the upstream said them (trace export): why it stopped, and the model that answered. */
      finishReason?: string | null;
      model?: string;
    }
  | { ok: false; failure: UpstreamFailure; message: string };

/** One request's way to one upstream format. */
export interface Relay {
  upstreamBody(target: Target): Record<string, unknown>;
  json(reply: UpstreamJsonReply, target: Target): JsonOutcome;
  stream(target: Target): StreamSession;
}

/** The client's side of an exchange: its format, its errors, and a relay per upstream format. */
export interface ClientSide {
  readonly format: 'openai' | 'anthropic' | 'responses';
  readonly contentType: string;
  /** null when this pair has no translation (the attempt fails over with that reason). */
  relayFor(upstream: UpstreamFormat): Relay | null;
  /** A whole error response in the client's format. */
  errorResponse(e: ClientError): RenderedError;
  /** An error frame inside an already committed stream, in the client's format. */
  streamError(e: ClientError): string;
  /** A frame the client ignores, sent while a stream waits for its first content. */
  readonly keepAlive: string;
  /**
   * A relay that carries on this client's broken stream from another upstream (mid-stream rescue,
   * see splice.ts): same stream, no second message start, the text joined. Absent or null: this
   * client format or upstream cannot splice, and the stream ends with an in-stream error.
   */
  continuation?(upstream: UpstreamFormat, sent: SentSoFar, prefill: { prefill: string; dropLeadingSpace: boolean }): Relay | null;
}
