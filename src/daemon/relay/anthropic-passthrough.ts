// Anthropic client to an Anthropic upstream: only `model` is rewritten. Events are forwarded as
// they came (re-framed, never re-encoded) and watched through the Anthropic stream decoder for the
// first content, the usage, message_stop and in-stream errors.
import type { Target } from '../../config/schema.js';
import type { AnthropicRequest } from '../../wire/anthropic/types.js';
import { AnthropicStreamDecoder } from '../../wire/anthropic/stream-decoder.js';
import type { CanonicalStreamEvent } from '../../wire/canonical.js';
import { SseDecoder, sseData, type SseEvent } from '../../wire/sse.js';
import { usageFromAnthropic, type Usage } from '../../wire/usage.js';
import { notePassEvents } from './pass-watch.js';
import type { Relay, StreamSession, StreamStep } from './types.js';

export function anthropicPassthrough(req: AnthropicRequest): Relay {
  return {
    upstreamBody: (target: Target) => ({ ...req, model: target.model }),
    json(reply) {
      let parsed: { content?: Array<{ type?: string; text?: unknown }>; usage?: unknown; stop_reason?: string | null; model?: string };
      try {
        parsed = JSON.parse(reply.text);
      } catch {
        return { ok: false, failure: { streamBroken: true }, message: 'upstream sent a body that is not JSON' };
      }
      if (!Array.isArray(parsed?.content)) return { ok: false, failure: { streamBroken: true }, message: 'upstream answer has no content' };
      const text = parsed.content.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
      return {
        ok: true,
        body: reply.text,
        usage: usageFromAnthropic(parsed.usage),
        text,
        finishReason: parsed.stop_reason,
        model: parsed.model,
      };
    },
    stream: () => new PassthroughSession(),
  };
}

class PassthroughSession implements StreamSession {
  usage: Usage | null = null;
  finishReason: string | null = null;
  private readonly sse = new SseDecoder();
  private readonly watch = new AnthropicStreamDecoder();
  sawContent = false;

  push(text: string): StreamStep {
    return this.step(this.sse.push(text));
  }

  end(): StreamStep {
    const last = this.step(this.sse.end());
    if (last.failure !== undefined) return last;
    const closing = this.watch.end();
    const tail = this.seen(closing, last);
    if (tail !== undefined) return tail;
    // The stop reason came and only message_stop is missing: the answer is whole, and the client gets its message_stop.
    if (closing.some((c) => c.type === 'end')) last.out += sseData('{"type":"message_stop"}', 'message_stop');
    return last;
  }

  private step(events: SseEvent[]): StreamStep {
    const step: StreamStep = { out: '', content: false, terminal: false };
    for (const ev of events) {
      const failed = this.seen(this.watch.push(ev), step);
      if (failed !== undefined) return failed;
      step.out += sseData(ev.data, ev.event);
    }
    return step;
  }

  /** Notes what the watcher saw; returns the step as a failure when it saw an error. */
  private seen(events: CanonicalStreamEvent[], step: StreamStep): StreamStep | undefined {
    return notePassEvents(events, step, this);
  }
}
