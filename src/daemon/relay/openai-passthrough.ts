// OpenAI client to an OpenAI-format upstream: the fast path. Only `model` is rewritten (and usage
// requested for the ledger; a reasoning model's token field and sampling fixed); events are forwarded
// as they came, watched for content, finish and usage.
import type { Target } from '../../config/schema.js';
import { fitForReasoningModel } from '../../wire/openai/reasoning-models.js';
import type { OpenAiChatRequest } from '../../wire/openai/types.js';
import { OpenAiStreamWatch } from '../../wire/openai/stream-watch.js';
import { SseDecoder, type SseEvent } from '../../wire/sse.js';
import { usageFromOpenAi, type Usage } from '../../wire/usage.js';
import type { Relay, StreamSession, StreamStep } from './types.js';

/** reasoningModel: whether the target is a reasoning model (its body then gets max_completion_tokens and default sampling). */
export function openAiPassthrough(req: OpenAiChatRequest, wantsUsage: boolean, reasoningModel: (target: Target) => boolean): Relay {
  return {
    upstreamBody(target: Target) {
      // A route may send a client written for gpt-4o to o3: fix what o3 would refuse, nothing else.
      // A stream's copy starts with a stream_options slot: V8 (Node 20) adds a key to a spread copy
      // through a slow runtime path (~0.5 us), but sets one it has quickly. Key order means nothing upstream.
      const own: Record<string, unknown> = req.stream
        ? { stream_options: undefined, ...req, model: target.model }
        : { ...req, model: target.model };
      const body = reasoningModel(target) ? fitForReasoningModel(own) : own;
      if (req.stream) body.stream_options = { ...req.stream_options, include_usage: true };
      return body;
    },
    json(reply) {
      let parsed: { choices?: Array<{ message?: { content?: unknown }; finish_reason?: string | null }>; usage?: unknown; model?: string };
      try {
        parsed = JSON.parse(reply.text);
      } catch {
        return { ok: false, failure: { streamBroken: true }, message: 'upstream sent a body that is not JSON' };
      }
      if (!Array.isArray(parsed?.choices)) {
        return { ok: false, failure: { streamBroken: true }, message: 'upstream answer has no choices' };
      }
      const content = parsed.choices[0]?.message?.content;
      return {
        ok: true,
        body: reply.text,
        usage: usageFromOpenAi(parsed.usage),
        text: typeof content === 'string' ? content : '',
        finishReason: parsed.choices[0]?.finish_reason,
        model: parsed.model,
      };
    },
    stream: () => new PassthroughSession(wantsUsage),
  };
}

// A class, not an object literal: a literal's getters are defined anew for every stream, a runtime
// call each (perf: ~1 us of a pass-through stream); a class's live once on its prototype.
class PassthroughSession implements StreamSession {
  private readonly sse = new SseDecoder();
  private readonly watch: OpenAiStreamWatch;

  constructor(wantsUsage: boolean) {
    this.watch = new OpenAiStreamWatch(wantsUsage);
  }

  get usage(): Usage | null {
    return this.watch.usage;
  }

  get finishReason(): string | null {
    return this.watch.finishReason;
  }

  push(text: string): StreamStep {
    return this.step(this.sse.push(text));
  }

  end(): StreamStep {
    const last = this.step(this.sse.end());
    if (last.failure || this.watch.sawDone) return last;
    // A finish reason is the answer's end; [DONE] only closes the framing. Servers that omit it
    // still delivered a whole answer, and the client still gets its [DONE].
    if (this.watch.finishReason !== null) return { ...last, out: `${last.out}data: [DONE]\n\n`, terminal: true };
    return { ...last, failure: { failure: { streamBroken: true }, message: 'upstream stream ended before [DONE]' } };
  }

  private step(events: SseEvent[]): StreamStep {
    let out = '';
    let content = false;
    let terminal = false;
    for (const ev of events) {
      const seen = this.watch.inspect(ev);
      if (seen.error) {
        const failure =
          seen.error.type === 'stream_broken' ? { streamBroken: true } : { errorType: seen.error.type, errorCode: seen.error.code };
        return { out, content, terminal: true, failure: { failure, message: seen.error.message } };
      }
      if (seen.forward) out += `data: ${ev.data}\n\n`;
      content ||= seen.content;
      terminal ||= seen.terminal;
    }
    return { out, content, terminal };
  }
}
