// The Responses client side (Codex CLI, the AI SDK's openai(id), the Agents SDK): errors in
// OpenAI's shape, pass-through to upstreams that serve the Responses API, and translation through
// the canonical form to every other format. What a translation cannot carry is said in the trace
// (hosted tools); previous_response_id is expanded from the router's conversation store when it is
// on, else refused with a 400 that says why.
import type { Target } from '../../config/schema.js';
import type { CanonicalRequest } from '../../wire/canonical.js';
import { openAiErrorBody, type UpstreamFormat } from '../../wire/errors.js';
import { decodeResponsesRequest } from '../../wire/responses/request-decode.js';
import { encodeResponsesResponse } from '../../wire/responses/response-codec.js';
import {
  RESPONSES_PING,
  responsesFailedEvent,
  ResponsesStreamEncoder,
  type ResponsesStreamOptions,
} from '../../wire/responses/stream-encoder.js';
import { namespaceBook } from '../../wire/responses/tool-names.js';
import type { ResponsesRequest } from '../../wire/responses/types.js';
import { WireError } from '../../wire/wire-error.js';
import type { ClientCodec } from './client-codecs.js';
import { servesResponses, type RelayContext } from './context.js';
import { continued, remember, type Conversations } from './responses-conversations.js';
import { responsesPassthrough, type PassthroughProgress } from './responses-passthrough.js';
import { continuationRelay } from './splice.js';
import { translatedRelay } from './translated.js';
import type { ClientSide, Relay } from './types.js';

export function responsesClient(req: ResponsesRequest, ctx: RelayContext, conversations?: Conversations): ClientSide {
  const id = `resp_${ctx.requestId.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  // One literal with every field, not a spread of it plus more: V8 (Node 20) adds a key to a spread
  // copy through a slow runtime path, ~0.5 us each time.
  const shell = (target: Target | null, more: Partial<ResponsesStreamOptions> = {}): ResponsesStreamOptions => ({
    id,
    createdAt: Math.floor(ctx.now() / 1000),
    model: target?.model ?? req.model,
    namespaces: more.namespaces,
    onFinished: more.onFinished,
  });
  const progress: PassthroughProgress = { nextSequence: 0, committed: false };
  // The encoder of the attempt that is streaming: a failure frame continues its numbering.
  let encoder: ResponsesStreamEncoder | undefined;
  let passthrough: Relay | undefined;
  let canonical: CanonicalRequest | undefined;
  let codec: ClientCodec | undefined;

  const pass = (): Relay => {
    const inner = (passthrough ??= responsesPassthrough(req, progress));
    return {
      ...inner,
      stream(target) {
        encoder = undefined;
        return inner.stream(target);
      },
    };
  };
  // The request with its stored history (previous_response_id), or why it cannot be continued.
  let full: ResponsesRequest | WireError | undefined;
  const translated = (upstream: UpstreamFormat): Relay => {
    const unrolled = (full ??= unroll(req, conversations));
    if (unrolled instanceof WireError) return refusing(unrolled);
    canonical ??= decodeResponsesRequest(unrolled);
    const namespaces = namespaceBook(canonical.tools);
    codec ??= {
      encodeJson: (res, target) => {
        const answer = encodeResponsesResponse(res, shell(target, { namespaces }));
        if (answer.status !== 'failed') remember(conversations, unrolled, id, JSON.stringify(answer.output));
        return JSON.stringify(answer);
      },
      streamEncoder: (target) =>
        (encoder = new ResponsesStreamEncoder(
          shell(target, { namespaces, onFinished: (output) => remember(conversations, unrolled, id, output) }),
        )),
    };
    const inner = translatedRelay(canonical, upstream, codec, ctx);
    const c = canonical;
    return {
      ...inner,
      upstreamBody(target) {
        noteDropped(req, c, target, ctx, conversations !== undefined && conversations.config().responses.store);
        return inner.upstreamBody(target);
      },
    };
  };

  // An openai adapter serves Chat and, per provider, Responses too: the choice is per target.
  const perTarget = (): Relay => {
    // Built on the first Chat target only: the pass-through fast path never decodes the request.
    let chat: Relay | undefined;
    const pick = (target: Target): Relay => (servesResponses(ctx, target) ? pass() : (chat ??= translated('openai')));
    return {
      upstreamBody: (target) => pick(target).upstreamBody(target),
      json: (reply, target) => pick(target).json(reply, target),
      stream: (target) => pick(target).stream(target),
    };
  };

  return {
    format: 'responses',
    contentType: 'application/json',
    relayFor(upstream) {
      if (upstream === 'responses') return pass();
      if (upstream === 'openai') return perTarget();
      return translated(upstream);
    },
    continuation(upstream, sent, prefill) {
      // Only a translated stream can be carried on: its item ids and sequence numbers come from our
      // encoder, which the splice primes with what the client saw. A pass-through stream's are the
      // upstream's own, so a break there ends with the in-stream error.
      if (encoder === undefined || canonical === undefined || codec === undefined) return null;
      return continuationRelay(canonical, upstream, codec, ctx, sent, prefill);
    },
    errorResponse: openAiErrorBody,
    streamError(e) {
      if (encoder !== undefined) return encoder.fail(e);
      if (progress.committed) return responsesFailedEvent(e, { ...shell(null), id: progress.responseId ?? id }, progress.nextSequence);
      // Nothing reached the client but keep-alives: a stream of its own, from response.created.
      return new ResponsesStreamEncoder(shell(null)).fail(e);
    },
    keepAlive: RESPONSES_PING,
  };
}

/** The request a translated upstream sees, or the error (a 400 for the client) when its history cannot be had. */
function unroll(req: ResponsesRequest, conversations: Conversations | undefined): ResponsesRequest | WireError {
  try {
    return continued(req, conversations);
  } catch (err) {
    if (err instanceof WireError) return err;
    throw err;
  }
}

/** A relay that refuses at encoding time: the attempt becomes the client's 400 and no target is charged. */
function refusing(err: WireError): Relay {
  const refuse = (): never => {
    throw err;
  };
  return { upstreamBody: refuse, json: refuse, stream: refuse };
}

function noteDropped(req: ResponsesRequest, c: CanonicalRequest, target: Target, ctx: RelayContext, stored: boolean): void {
  if (ctx.note === undefined) return;
  const hosted = (c.tools ?? []).flatMap((t) => (t.kind === 'raw' && t.format === 'responses' ? [String(t.value.type)] : []));
  if (hosted.length > 0)
    ctx.note(`${target.id}: hosted tools dropped (no equivalent outside the Responses API): ${[...new Set(hosted)].join(', ')}`);
  const opaque = c.messages.reduce(
    (n, m) => n + m.content.filter((b) => b.type === 'raw' && b.format === 'responses' && b.value.type === 'reasoning').length,
    0,
  );
  if (opaque > 0) ctx.note(`${target.id}: ${opaque} OpenAI reasoning item(s) left out (only a Responses upstream can read them)`);
  if (req.store === true && !stored)
    ctx.note(`${target.id}: store: true not kept (only a Responses upstream stores responses, or the router with responses.store: true)`);
}
