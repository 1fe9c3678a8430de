// A cache hit told to the client in its own format, whole or as a stream: the stored canonical
// answer is put into Anthropic's wire form and run through the client's own relay for that
// format, the same encoders a live Anthropic upstream's answer goes through.
import type { Target } from '../../config/schema.js';
import { toTarget } from '../../config/normalise.js';
import { encodeAnthropicResponse } from '../../wire/anthropic/response-codec.js';
import { AnthropicStreamEncoder } from '../../wire/anthropic/stream-encoder.js';
import type { CanonicalResponse } from '../../wire/canonical.js';
import { responseEvents } from '../../wire/stream-collect.js';
import { routerHeaders, streamHeaders } from '../client-reply.js';
import type { Exchange } from '../exchange.js';

/** false: the client's format cannot take this answer (nothing was written; serve it live instead). */
export function replayHit(x: Exchange, response: CanonicalResponse, targetId: string): boolean {
  const target: Target = toTarget(targetId);
  const relay = x.client.relayFor('anthropic');
  if (!relay) return false;
  const id = `msg_${x.plan.decisionId.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  if (!x.stream) {
    const text = JSON.stringify(encodeAnthropicResponse(response, { id, model: target.model }));
    const out = relay.json({ kind: 'json', status: 200, text }, target);
    if (!out.ok) return false;
    x.res.writeHead(200, {
      'content-type': x.client.contentType,
      'content-length': Buffer.byteLength(out.body),
      ...routerHeaders(x, 0, target),
    });
    x.res.end(out.body);
    return true;
  }
  const encoder = new AnthropicStreamEncoder({ id, model: target.model });
  const upstreamText = responseEvents({ ...response, id })
    .map((ev) => encoder.encode(ev))
    .join('');
  const session = relay.stream(target);
  const body = session.push(upstreamText);
  const end = session.end();
  if (body.failure || end.failure) return false;
  x.res.writeHead(200, streamHeaders(x, 0, target));
  x.res.end(body.out + end.out);
  return true;
}
