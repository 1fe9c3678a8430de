// Any client format to any other upstream format, composed from one upstream codec and one client
// codec. Streams are re-framed event by event as the upstream sends them; nothing is buffered
// beyond what the executor holds back until the first content (the failover commit point).
import type { CanonicalRequest, CanonicalStreamEvent } from '../../wire/canonical.js';
import type { UpstreamFormat } from '../../wire/errors.js';
import type { Usage } from '../../wire/usage.js';
import type { ClientCodec, StreamEncoder } from './client-codecs.js';
import type { RelayContext } from './context.js';
import { isContent, streamFailure } from './stream-failure.js';
import type { Relay, StreamSession, StreamStep } from './types.js';
import { upstreamCodec, type ChunkDecoder } from './upstream-codecs.js';

export function translatedRelay(req: CanonicalRequest, upstream: UpstreamFormat, client: ClientCodec, ctx: RelayContext): Relay {
  return {
    upstreamBody: (target) => upstreamCodec(upstream, target, ctx).body(req),
    json(reply, target) {
      const res = upstreamCodec(upstream, target, ctx).decode(reply.text);
      if (res === null)
        return { ok: false, failure: { streamBroken: true }, message: `upstream answer is not a valid ${upstream} response` };
      const text = res.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      return { ok: true, body: client.encodeJson(res, target), usage: res.usage, text, finishReason: res.stopReason, model: res.model };
    },
    stream: (target) => new TranslatedSession(upstreamCodec(upstream, target, ctx).streamDecoder(), client.streamEncoder(target)),
  };
}

class TranslatedSession implements StreamSession {
  usage: Usage | null = null;
  finishReason: string | null = null;
  private sawContent = false;
  private ended = false;

  constructor(
    private readonly decoder: ChunkDecoder,
    private readonly encoder: StreamEncoder,
  ) {}

  push(text: string): StreamStep {
    return this.step(this.decoder.push(text));
  }

  end(): StreamStep {
    const last = this.step(this.decoder.end());
    if (last.failure !== undefined || this.ended) return last;
    return { ...last, failure: { failure: { streamBroken: true }, message: 'upstream stream ended without finishing' } };
  }

  private step(events: CanonicalStreamEvent[]): StreamStep {
    let out = '';
    let content = false;
    let terminal = false;
    for (const ev of events) {
      // The executor writes the client's error frame itself, with the classified error type.
      if (ev.type === 'error') return { out, content, terminal: true, failure: streamFailure(ev.error) };
      if (ev.type === 'finish') {
        if (ev.usage !== undefined) this.usage = ev.usage;
        this.finishReason = ev.stopReason;
      } else if (ev.type === 'end') {
        this.ended = true;
        terminal = true;
      } else if (!this.sawContent && isContent(ev)) {
        this.sawContent = true;
        content = true;
      }
      out += this.encoder.encode(ev);
    }
    return { out, content, terminal };
  }
}
