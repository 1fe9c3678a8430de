// The `simulated` provider answers locally in the OpenAI wire format, with configurable text,
// latency, token rate and faults: the README demo, dry runs and failover drills need no network.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderConfig } from '../../config/schema.js';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from './types.js';

type Simulate = NonNullable<ProviderConfig['simulate']>;
const DEFAULT_TEXT = 'Hello from the simulated provider. It answers locally, with no keys and no network.';

export function createSimulatedAdapter(id: string, cfg: ProviderConfig): ProviderAdapter {
  const sim: Simulate = cfg.simulate ?? { text: DEFAULT_TEXT, latencyMs: 0 };
  return {
    id,
    format: 'openai',
    async send(call: UpstreamCall): Promise<UpstreamReply> {
      const stop = new AbortController();
      call.signal.once('abort', () => stop.abort());
      if (sim.latencyMs > 0) {
        try {
          await sleep(sim.latencyMs, undefined, { signal: stop.signal });
        } catch {
          return { kind: 'failure', failure: { clientClosed: true }, message: 'aborted', headers: {} };
        }
      }
      const fault = sim.fault;
      const faulty = fault && (fault.rate >= 1 || Math.random() < fault.rate);
      if (faulty && fault.status) return statusFailure(fault.status, fault.retryAfter);
      const answer = makeAnswer(call, sim.text);
      if (!call.stream) return { kind: 'json', status: 200, text: JSON.stringify(answer.completion()) };
      return {
        kind: 'stream',
        status: 200,
        chunks: answer.stream(stop.signal, sim.tokensPerSecond, Boolean(faulty && fault?.midStream)),
        cancel: () => stop.abort(),
      };
    },
    close: async () => {},
  };
}

function statusFailure(status: number, retryAfter?: number): UpstreamReply {
  const type =
    status === 429
      ? 'rate_limit_error'
      : status === 401
        ? 'authentication_error'
        : status >= 500
          ? 'server_error'
          : 'invalid_request_error';
  return {
    kind: 'failure',
    status,
    message: `simulated ${status}`,
    headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    failure: { status, errorType: type },
  };
}

function makeAnswer(call: UpstreamCall, text: string) {
  const id = `chatcmpl-sim-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const model = call.target.model;
  const pieces = text.match(/\S+\s*/g) ?? [text];
  const promptTokens = Math.max(1, Math.ceil(JSON.stringify(call.body.messages ?? '').length / 4));
  const usage = { prompt_tokens: promptTokens, completion_tokens: pieces.length, total_tokens: promptTokens + pieces.length };
  const wantsUsage = (call.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return {
    completion: () => ({
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage,
    }),
    async *stream(signal: AbortSignal, tokensPerSecond: number | undefined, breakMidStream: boolean): AsyncIterable<string> {
      yield chunk({ role: 'assistant', content: '' }, null);
      for (let i = 0; i < pieces.length; i++) {
        if (tokensPerSecond) await sleep(1000 / tokensPerSecond, undefined, { signal });
        if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
        yield chunk({ content: pieces[i] }, null);
        if (breakMidStream && i === Math.floor(pieces.length / 2))
          throw Object.assign(new Error('simulated reset'), { code: 'ECONNRESET' });
      }
      yield chunk({}, 'stop');
      if (wantsUsage) yield `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`;
      yield 'data: [DONE]\n\n';
    },
  };
}
