// A fake OpenAI Responses API (POST /v1/responses): JSON `response` objects and SSE streams with
// `event:` lines and sequence_number, reasoning items with encrypted_content, messages, function
// calls (optionally in a namespace) and usage with cached and reasoning tokens, as the real API
// sends them; plus error statuses, response.failed mid-stream and dropped connections. It serves
// nothing else: a request to /chat/completions gets a 404, like a Responses-only model.
import { json, sse, startScriptedUpstream, type Received, type Reply, type ScriptedUpstream } from './scripted-upstream.js';

export type ResponsesBehaviour =
  /** Text, after a reasoning item when `reasoning` is given (its encrypted_content). */
  | { kind: 'text'; text: string; reasoning?: string }
  | { kind: 'call'; name: string; args: string; namespace?: string; callId?: string; reasoning?: string }
  | { kind: 'status'; status: number; code?: string; message?: string; headers?: Record<string, string> }
  /** Some text, then response.failed. */
  | { kind: 'failed-mid-stream'; text: string; code: string }
  | { kind: 'reset-mid-stream'; text: string };

export interface FakeResponses {
  /** Base URL as the openai SDK or a provider config takes it (…/v1). */
  url: string;
  received: Received[];
  script(...b: ResponsesBehaviour[]): void;
  close(): Promise<void>;
}

export const responsesUsage = {
  input_tokens: 40,
  input_tokens_details: { cached_tokens: 16 },
  output_tokens: 12,
  output_tokens_details: { reasoning_tokens: 4 },
  total_tokens: 52,
};

type Item = Record<string, unknown>;

function outputOf(b: Extract<ResponsesBehaviour, { kind: 'text' | 'call' }>): Item[] {
  const out: Item[] = [];
  if (b.reasoning !== undefined)
    out.push({
      type: 'reasoning',
      id: 'rs_fake1',
      summary: [{ type: 'summary_text', text: 'Thinking it over.' }],
      encrypted_content: b.reasoning,
    });
  if (b.kind === 'text') {
    out.push({
      type: 'message',
      id: 'msg_fake1',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: b.text, annotations: [], logprobs: [] }],
    });
  } else {
    const call: Item = {
      type: 'function_call',
      id: 'fc_fake1',
      call_id: b.callId ?? 'call_fake1',
      name: b.name,
      arguments: b.args,
      status: 'completed',
    };
    if (b.namespace !== undefined) call.namespace = b.namespace;
    out.push(call);
  }
  return out;
}

function response(model: string, status: string, output: Item[], usage: object | null): Item {
  return {
    id: 'resp_fake1',
    object: 'response',
    created_at: 1764979200,
    status,
    error: null,
    incomplete_details: null,
    model,
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage,
  };
}

function streamOf(model: string, output: Item[], end: 'completed' | { failed: string } | 'reset'): string[] {
  let seq = 0;
  const ev = (type: string, body: object) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...body })}\n\n`;
  const out = [
    ev('response.created', { response: response(model, 'in_progress', [], null) }),
    ev('response.in_progress', { response: response(model, 'in_progress', [], null) }),
  ];
  output.forEach((item, i) => {
    const at = { output_index: i, item_id: item.id };
    if (item.type === 'reasoning') {
      out.push(ev('response.output_item.added', { output_index: i, item: { ...item, summary: [] } }));
      out.push(ev('response.reasoning_summary_part.added', { ...at, summary_index: 0, part: { type: 'summary_text', text: '' } }));
      out.push(ev('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta: 'Thinking it over.' }));
      out.push(ev('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: 'Thinking it over.' }));
      out.push(ev('response.output_item.done', { output_index: i, item }));
    } else if (item.type === 'message') {
      const text = (item.content as { text: string }[])[0]!.text;
      out.push(ev('response.output_item.added', { output_index: i, item: { ...item, status: 'in_progress', content: [] } }));
      out.push(ev('response.content_part.added', { ...at, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
      for (const piece of text.match(/\S+\s*/g) ?? [text])
        out.push(ev('response.output_text.delta', { ...at, content_index: 0, delta: piece, logprobs: [] }));
      if (typeof end === 'object') {
        out.push(
          ev('response.failed', {
            response: { ...response(model, 'failed', [], null), error: { code: end.failed, message: `fake ${end.failed}` } },
          }),
        );
        return;
      }
      if (end === 'reset') return;
      out.push(ev('response.output_text.done', { ...at, content_index: 0, text, logprobs: [] }));
      out.push(ev('response.content_part.done', { ...at, content_index: 0, part: { type: 'output_text', text, annotations: [] } }));
      out.push(ev('response.output_item.done', { output_index: i, item }));
    } else {
      const args = String(item.arguments);
      const half = Math.ceil(args.length / 2);
      out.push(ev('response.output_item.added', { output_index: i, item: { ...item, arguments: '', status: 'in_progress' } }));
      out.push(ev('response.function_call_arguments.delta', { ...at, delta: args.slice(0, half) }));
      out.push(ev('response.function_call_arguments.delta', { ...at, delta: args.slice(half) }));
      out.push(ev('response.function_call_arguments.done', { ...at, arguments: args }));
      out.push(ev('response.output_item.done', { output_index: i, item }));
    }
  });
  if (end === 'completed') out.push(ev('response.completed', { response: response(model, 'completed', output, responsesUsage) }));
  return out;
}

export function responsesReply(b: ResponsesBehaviour, r: Received): Reply {
  if (!r.path.endsWith('/responses'))
    return json({ error: { message: `no route ${r.path}`, type: 'invalid_request_error', code: 'unknown_url', param: null } }, 404);
  const model = String(r.body.model ?? 'gpt-fake');
  const stream = r.body.stream === true;
  switch (b.kind) {
    case 'status':
      return json(
        {
          error: {
            message: b.message ?? `fake ${b.status}`,
            type: b.status === 429 ? 'rate_limit_error' : 'server_error',
            code: b.code ?? null,
            param: null,
          },
        },
        b.status,
        b.headers,
      );
    case 'failed-mid-stream':
      return sse(streamOf(model, outputOf({ kind: 'text', text: b.text }), { failed: b.code }));
    case 'reset-mid-stream':
      return sse(streamOf(model, outputOf({ kind: 'text', text: b.text }), 'reset'), { finish: 'reset' });
    default: {
      const output = outputOf(b);
      return stream ? sse(streamOf(model, output, 'completed')) : json(response(model, 'completed', output, responsesUsage));
    }
  }
}

export async function startFakeResponses(): Promise<FakeResponses> {
  const first: ResponsesBehaviour = { kind: 'text', text: 'hello from responses' };
  const up: ScriptedUpstream = await startScriptedUpstream((r) => responsesReply(first, r));
  return {
    url: `${up.origin}/v1`,
    received: up.received,
    script: (...b) => up.script(...b.map((x) => (r: Received) => responsesReply(x, r))),
    close: () => up.close(),
  };
}
