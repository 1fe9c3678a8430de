// Responses client to an upstream that serves the Responses API: only `model` is rewritten, so
// include, store, prompt_cache_key and OpenAI's reasoning items reach it as the client sent them.
// The one exception is reasoning that another provider made (wrapped by us, PROTOCOLS 8): it is
// bound to that provider and would be rejected here. Events are forwarded as they came, watched
// through the Responses stream decoder for content, usage, the end, and failures.
import type { Target } from '../../config/schema.js';
import type { CanonicalStreamEvent } from '../../wire/canonical.js';
import { isForeignReasoning } from '../../wire/responses/reasoning.js';
import { outputText } from '../../wire/responses/response-codec.js';
import { ResponsesStreamDecoder } from '../../wire/responses/stream-decoder.js';
import type { ResponsesItem, ResponsesRequest } from '../../wire/responses/types.js';
import { usageFromResponses } from '../../wire/responses/usage.js';
import { SseDecoder, sseData, type SseEvent } from '../../wire/sse.js';
import type { Usage } from '../../wire/usage.js';
import { notePassEvents } from './pass-watch.js';
import type { Relay, StreamSession, StreamStep } from './types.js';

/** Where a pass-through stream stands, so the client's error frame continues its numbering. */
export interface PassthroughProgress {
  nextSequence: number;
  responseId?: string;
  /** Content went out: the client has seen the upstream's events up to nextSequence. */
  committed: boolean;
}

export function responsesPassthrough(req: ResponsesRequest, progress: PassthroughProgress): Relay {
  return {
    upstreamBody(target: Target) {
      const body: Record<string, unknown> = { ...req, model: target.model };
      if (Array.isArray(req.input) && req.input.some(isForeignReasoning)) body.input = req.input.filter((i) => !isForeignReasoning(i));
      return body;
    },
    json(reply) {
      let parsed: { output?: unknown; usage?: unknown; status?: string; model?: string };
      try {
        parsed = JSON.parse(reply.text);
      } catch {
        return { ok: false, failure: { streamBroken: true }, message: 'upstream sent a body that is not JSON' };
      }
      if (!Array.isArray(parsed?.output)) return { ok: false, failure: { streamBroken: true }, message: 'upstream answer has no output' };
      return {
        ok: true,
        body: reply.text,
        usage: usageFromResponses(parsed.usage),
        text: outputText(parsed.output as ResponsesItem[]),
        finishReason: parsed.status,
        model: parsed.model,
      };
    },
    stream: () => new PassthroughSession(progress),
  };
}

class PassthroughSession implements StreamSession {
  usage: Usage | null = null;
  finishReason: string | null = null;
  private readonly sse = new SseDecoder();
  private readonly watch = new ResponsesStreamDecoder();
  sawContent = false;

  constructor(private readonly progress: PassthroughProgress) {
    progress.nextSequence = 0;
    progress.committed = false;
  }

  push(text: string): StreamStep {
    return this.step(this.sse.push(text));
  }

  end(): StreamStep {
    const last = this.step(this.sse.end());
    if (last.failure !== undefined) return last;
    return this.seen(this.watch.end(), last) ?? last;
  }

  private step(events: SseEvent[]): StreamStep {
    const step: StreamStep = { out: '', content: false, terminal: false };
    for (const ev of events) {
      // The failure event itself is not forwarded: the executor writes the client's own.
      const failed = this.seen(this.watch.push(ev), step);
      if (failed !== undefined) return failed;
      this.note(ev.data);
      step.out += sseData(ev.data, ev.event);
    }
    return step;
  }

  private note(data: string): void {
    const m = /"sequence_number":\s*(\d+)/.exec(data);
    if (m !== null) this.progress.nextSequence = Number(m[1]) + 1;
    if (this.progress.responseId === undefined) {
      const id = /"id":\s*"(resp_[^"]*)"/.exec(data);
      if (id !== null) this.progress.responseId = id[1];
    }
  }

  private seen(events: CanonicalStreamEvent[], step: StreamStep): StreamStep | undefined {
    const failed = notePassEvents(events, step, this);
    if (this.sawContent) this.progress.committed = true;
    return failed;
  }
}
