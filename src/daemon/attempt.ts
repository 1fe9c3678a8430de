// One attempt at one target, in steps: encode the client's request for the target's format, send
// it, then hand the answer to the client (whole, or as a stream) and keep the books.
import type { Target } from '../config/schema.js';
import { shouldEscalate, type Escalation } from '../engine/escalate.js';
import type { AttemptOutcome } from '../engine/next-attempt.js';
import type { ClientError } from '../wire/errors.js';
import { WireError } from '../wire/wire-error.js';
import { AttemptBook, type Failed } from './attempt-book.js';
import { relayStream } from './attempt-stream.js';
import { sendJson } from './client-reply.js';
import { providerTurn } from './provider-turn.js';
import type { Run } from './exchange.js';
import { classifyNetworkError } from './providers/http-upstream.js';
import type { ProviderAdapter, UpstreamJsonReply, UpstreamReply } from './providers/types.js';
import type { SentSoFar } from './relay/splice.js';
import type { Relay } from './relay/types.js';
import type { UpstreamFormat } from '../wire/errors.js';

/** A stream that broke after the client had content; its bytes are kept so the rescue knows what was sent. */
export interface BrokenStream {
  kind: 'broken';
  /** Its `detail` is the break's message, scrubbed of provider secrets. */
  failed: Failed;
  /** Client bytes produced but not yet written (a tail that came with the upstream's end). */
  tail: string;
  /** The upstream's text as received (kept only when a rescue may follow). */
  chunks: string[] | undefined;
  format: UpstreamFormat;
}

/** A continuation attempt: the client already has `sent`; the target is asked to go on from it. */
export interface Splice {
  sent: SentSoFar;
  prefill: { prefill: string; dropLeadingSpace: boolean };
}

export type AttemptEnd =
  | { kind: 'answered' }
  | BrokenStream
  /** A valid answer kept back while a stronger target gets a chance (escalation). */
  | { kind: 'held'; body: string; seq: number; reason: string }
  | Failed
  /** The client's request cannot be put into this target's format: the client's fault, nothing was sent. */
  | { kind: 'refused'; error: ClientError };

interface Encoded {
  kind: 'encoded';
  adapter: ProviderAdapter;
  relay: Relay;
  body: Record<string, unknown>;
}

/** `escalation`: set when a stronger target follows, so a weak answer may be held back for it. */
export async function runAttempt(run: Run, target: Target, escalation: Escalation | undefined, splice?: Splice): Promise<AttemptEnd> {
  const book = new AttemptBook(run, target);
  const call = encode(run, target, splice);
  if (call.kind === 'refused') return call;
  if (call.kind === 'unsendable') return book.skipped(call.error);
  const pending = providerTurn(run, target, book);
  // A provider without limits answers at once: no promise, no extra turn of the event loop.
  const turn = pending instanceof Promise ? await pending : pending;
  if (!turn.ok) return turn.failed;
  if (!turn.release) return sendAndAnswer(run, target, call, book, escalation, splice);
  try {
    return await sendAndAnswer(run, target, call, book, escalation, splice);
  } finally {
    const own = run.results.findLast((r) => r.seq === book.seq);
    turn.release(own?.usage ? own.usage.inputTokens + own.usage.outputTokens : 0);
  }
}

async function sendAndAnswer(
  run: Run,
  target: Target,
  call: Encoded,
  book: AttemptBook,
  escalation: Escalation | undefined,
  splice: Splice | undefined,
): Promise<AttemptEnd> {
  book.sending();
  const reply = await send(run, target, call);
  if (reply.kind === 'failure') return book.failed(reply.failure, reply.message, reply.status, reply.headers);
  // The client's stream is open: a whole JSON answer cannot be joined to it.
  if (reply.kind === 'json' && splice)
    return book.failed({ streamBroken: true }, `${target.id} answered a continuation without a stream`, reply.status);
  if (reply.kind === 'json') {
    const end = answerJson(run, book, call.relay, reply, escalation);
    if (end.kind === 'answered') run.x.cacheFill?.({ format: call.adapter.format, json: reply.text }, target);
    return end;
  }
  return relayStream(run, book, call.relay.stream(target), reply, call.adapter.format);
}

function encode(
  run: Run,
  target: Target,
  splice: Splice | undefined,
): Encoded | { kind: 'unsendable'; error: ClientError } | { kind: 'refused'; error: ClientError } {
  const adapter = run.deps.adapters().get(target.provider);
  if (!adapter)
    return { kind: 'unsendable', error: { status: 502, type: 'api_error', message: `provider "${target.provider}" has no adapter` } };
  const client = run.x.client;
  const relay = splice ? (client.continuation?.(adapter.format, splice.sent, splice.prefill) ?? null) : client.relayFor(adapter.format);
  if (!relay)
    return {
      kind: 'unsendable',
      error: {
        status: 502,
        type: 'api_error',
        message: `no ${splice ? 'continuation' : 'translation'} from ${client.format} to ${adapter.format}`,
      },
    };
  try {
    return { kind: 'encoded', adapter, relay, body: relay.upstreamBody(target) };
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    // The request asks for what this format cannot carry (n > 1, audio to Anthropic): the client's
    // request is at fault, not the target, so it is told at once and no target is charged.
    return { kind: 'refused', error: { status: 400, type: 'invalid_request_error', message: err.message, param: err.param ?? null } };
  }
}

async function send(run: Run, target: Target, call: Encoded): Promise<UpstreamReply> {
  try {
    return await call.adapter.send({ target, body: call.body, stream: run.x.stream, headers: run.x.forwardHeaders, signal: run.gone });
  } catch (err) {
    return { kind: 'failure', failure: classifyNetworkError(err), message: (err as Error).message, headers: {} };
  }
}

function answerJson(run: Run, book: AttemptBook, relay: Relay, reply: UpstreamJsonReply, escalation: Escalation | undefined): AttemptEnd {
  const out = relay.json(reply, book.target);
  if (!out.ok) return book.failed(out.failure, out.message, reply.status);
  book.succeeded(undefined, out.usage, { finishReason: out.finishReason, model: out.model });
  const verdict = escalation ? shouldEscalate(out.text, out.usage?.outputTokens ?? 0, escalation) : undefined;
  if (verdict?.escalate) return { kind: 'held', body: out.body, seq: book.seq, reason: verdict.reason ?? 'escalation' };
  sendJson(run.x, out.body, book.seq, book.target);
  return { kind: 'answered' };
}

/** What the engine's nextAttempt() reads of an attempt's end: a broken stream was the rescue's, so the client has its answer. */
export function outcomeOf(end: AttemptEnd): AttemptOutcome {
  switch (end.kind) {
    case 'answered':
    case 'broken':
      return { kind: 'answered' };
    case 'held':
      return { kind: 'held', reason: end.reason };
    case 'failed':
      return {
        kind: 'failed',
        errorClass: end.errorClass,
        retryable: end.retryable,
        status: end.status,
        network: end.network,
        retryAfterMs: end.retryAfterMs,
      };
    case 'refused':
      return { kind: 'refused', reason: end.error.message };
  }
}
