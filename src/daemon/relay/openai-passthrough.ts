// OpenAI client to an OpenAI-format upstream: the fast path. Only `model` is rewritten (and usage
// requested for the ledger; a reasoning model's token field and sampling fixed); events are forwarded
// as they came, watched for content, finish and usage.
import type { Target } from '../../config/schema.js';
import { fitForReasoningModel } from '../../wire/openai/reasoning-models.js';
import type { OpenAiChatRequest } from '../../wire/openai/types.js';
import { OpenAiStreamWatch } from '../../wire/openai/stream-watch.js';
import { SseDecoder, type SseEvent } from '../../wire/sse.js';
import { usageFromOpenAi } from '../../wire/usage.js';
import type { Relay, StreamSession, StreamStep } from './types.js';

/** reasoningModel: whether the target is a reasoning model (its body then gets max_completion_tokens and default sampling). */
export function openAiPassthrough(req: OpenAiChatRequest, wantsUsage: boolean, reasoningModel: (target: Target) => boolean): Relay {
  return {
    upstreamBody(target: Target) {
      // A route may send a client written for gpt-4o to o3: fix what o3 would refuse, nothing else.
      const own: Record<string, unknown> = { ...req, model: target.model };
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
    stream: () => passthroughSession(wantsUsage),
  };
}

function passthroughSession(wantsUsage: boolean): StreamSession {
  const sse = new SseDecoder();
  const watch = new OpenAiStreamWatch(wantsUsage);
  const step = (events: SseEvent[]): StreamStep => {
    let out = '';
    let content = false;
    let terminal = false;
    for (const ev of events) {
      const seen = watch.inspect(ev);
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
  };
  return {
    push: (text) => step(sse.push(text)),
    end() {
      const last = step(sse.end());
      if (last.failure || watch.sawDone) return last;
      // A finish reason is the answer's end; [DONE] only closes the framing. Servers that omit it
      // still delivered a whole answer, and the client still gets its [DONE].
      if (watch.finishReason !== null) return { ...last, out: `${last.out}data: [DONE]\n\n`, terminal: true };
      return { ...last, failure: { failure: { streamBroken: true }, message: 'upstream stream ended before [DONE]' } };
    },
    get usage() {
      return watch.usage;
    },
    get finishReason() {
      return watch.finishReason;
    },
  };
}
