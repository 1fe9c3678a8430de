// The Responses client side (Codex CLI, the AI SDK's openai(id), the Agents SDK): errors in
// OpenAI's shape, pass-through to upstreams that serve the Responses API, and translation through
// the canonical form to every other format. What a translation cannot carry is said in the trace
// (hosted tools) or refused with a 400 that says why (previous_response_id).
import type { Target } from '../../config/schema.js';
import type { CanonicalRequest } from '../../wire/canonical.js';
import { openAiErrorBody, type UpstreamFormat } from '../../wire/errors.js';
import { decodeResponsesRequest } from '../../wire/responses/request-decode.js';
import { encodeResponsesResponse, type ResponsesResponseOptions } from '../../wire/responses/response-codec.js';
import { RESPONSES_PING, responsesFailedEvent, ResponsesStreamEncoder } from '../../wire/responses/stream-encoder.js';
import { namespaceBook } from '../../wire/responses/tool-names.js';
import type { ResponsesRequest } from '../../wire/responses/types.js';
import { WireError } from '../../wire/wire-error.js';
import type { ClientCodec } from './client-codecs.js';
import { servesResponses, type RelayContext } from './context.js';
import { responsesPassthrough, type PassthroughProgress } from './responses-passthrough.js';
import { translatedRelay } from './translated.js';
import type { ClientSide, Relay } from './types.js';

export function responsesClient(req: ResponsesRequest, ctx: RelayContext): ClientSide {
  const id = `resp_${ctx.requestId.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const shell = (target: Target | null): ResponsesResponseOptions => ({ id, createdAt: Math.floor(ctx.now() / 1000), model: target?.model ?? req.model });
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
  const translated = (upstream: UpstreamFormat): Relay => {
    canonical ??= decodeResponsesRequest(req);
    const namespaces = namespaceBook(canonical.tools);
    codec ??= {
      encodeJson: (res, target) => JSON.stringify(encodeResponsesResponse(res, { ...shell(target), namespaces })),
      streamEncoder: (target) => (encoder = new ResponsesStreamEncoder({ ...shell(target), namespaces })),
    };
    const inner = translatedRelay(canonical, upstream, codec, ctx);
    const c = canonical;
    return {
      ...inner,
      upstreamBody(target) {
        refuseStored(req, target);
        noteDropped(req, c, target, ctx);
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

/** Stored conversations live at a Responses upstream; no other provider can continue them. */
function refuseStored(req: ResponsesRequest, target: Target): void {
  if (typeof req.previous_response_id !== 'string') return;
  throw new WireError(
    'unsupported',
    `previous_response_id needs an upstream that serves the Responses API (providers.<id>.responses); ${target.id} does not, so send the whole conversation in input instead`,
    'previous_response_id',
  );
}

function noteDropped(req: ResponsesRequest, c: CanonicalRequest, target: Target, ctx: RelayContext): void {
  if (ctx.note === undefined) return;
  const hosted = (c.tools ?? []).flatMap((t) => (t.kind === 'raw' && t.format === 'responses' ? [String(t.value.type)] : []));
  if (hosted.length > 0) ctx.note(`${target.id}: hosted tools dropped (no equivalent outside the Responses API): ${[...new Set(hosted)].join(', ')}`);
  const opaque = c.messages.reduce((n, m) => n + m.content.filter((b) => b.type === 'raw' && b.format === 'responses' && b.value.type === 'reasoning').length, 0);
  if (opaque > 0) ctx.note(`${target.id}: ${opaque} OpenAI reasoning item(s) left out (only a Responses upstream can read them)`);
  if (req.store === true) ctx.note(`${target.id}: store: true not kept (only a Responses upstream stores responses)`);
}
