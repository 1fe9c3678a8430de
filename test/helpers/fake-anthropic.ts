// A fake Anthropic Messages API (POST /v1/messages): JSON answers and SSE streams with `event:`
// lines, message_start usage, a ping, block start/delta/stop, message_delta and message_stop, as
// the real API sends them; plus error statuses, in-stream error events and dropped connections.
import { json, sse, startScriptedUpstream, type Received, type Reply, type ScriptedUpstream } from './scripted-upstream.js';

export interface AnthropicUsageIn {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export type AnthropicBehaviour =
  | { kind: 'text'; text: string; usage?: AnthropicUsageIn }
  /** Optional text first, then one tool_use whose input arrives as these partial_json fragments. */
  | { kind: 'tool'; text?: string; id?: string; name: string; fragments: string[]; usage?: AnthropicUsageIn }
  | { kind: 'status'; status: number; errorType?: string; message?: string; headers?: Record<string, string> }
  /** Some text, then `event: error` (what the API does when it overloads mid-answer). */
  | { kind: 'error-event'; text: string; errorType: string }
  | { kind: 'reset-mid-stream'; text: string };

export interface FakeAnthropic {
  /** Base URL as an Anthropic SDK or provider config takes it (no /v1). */
  url: string;
  received: Received[];
  script(...b: AnthropicBehaviour[]): void;
  close(): Promise<void>;
}

const defaultUsage: AnthropicUsageIn = { input_tokens: 12, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

const ev = (payload: { type: string } & Record<string, unknown>): string => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;

function messageStart(model: string, usage: AnthropicUsageIn): string {
  const { output_tokens: _out, ...input } = usage;
  return ev({
    type: 'message_start',
    message: {
      id: 'msg_fake01',
      type: 'message',
      role: 'assistant',
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...input, output_tokens: 1 },
    },
  });
}

function textBlock(index: number, text: string): string[] {
  const pieces = text.match(/\S+\s*/g) ?? [text];
  return [
    ev({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
    ...pieces.map((t) => ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } })),
    ev({ type: 'content_block_stop', index }),
  ];
}

function toolBlock(index: number, id: string, name: string, fragments: string[]): string[] {
  return [
    ev({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } }),
    ...['', ...fragments].map((f) => ev({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: f } })),
    ev({ type: 'content_block_stop', index }),
  ];
}

const finish = (stop: string, usage: AnthropicUsageIn): string[] => [
  ev({ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }),
  ev({ type: 'message_stop' }),
];

export function anthropicReply(b: AnthropicBehaviour, r: Received): Reply {
  const model = String(r.body.model ?? 'claude-fake');
  const stream = r.body.stream === true;
  switch (b.kind) {
    case 'status': {
      const type =
        b.errorType ??
        (b.status === 429
          ? 'rate_limit_error'
          : b.status === 529
            ? 'overloaded_error'
            : b.status >= 500
              ? 'api_error'
              : 'invalid_request_error');
      return json(
        { type: 'error', error: { type, message: b.message ?? `fake ${b.status}` }, request_id: 'req_fake' },
        b.status,
        b.headers,
      );
    }
    case 'text':
    case 'tool': {
      const usage = b.usage ?? defaultUsage;
      const id = b.kind === 'tool' ? (b.id ?? 'toolu_fake01') : '';
      const text = b.kind === 'text' ? b.text : b.text;
      if (!stream) {
        const content: object[] = [];
        if (text) content.push({ type: 'text', text, citations: null });
        if (b.kind === 'tool') content.push({ type: 'tool_use', id, name: b.name, input: JSON.parse(b.fragments.join('')) });
        const stop = b.kind === 'tool' ? 'tool_use' : 'end_turn';
        return json({
          id: 'msg_fake01',
          type: 'message',
          role: 'assistant',
          model,
          content,
          stop_reason: stop,
          stop_sequence: null,
          usage,
        });
      }
      const blocks = text ? textBlock(0, text) : [];
      if (b.kind === 'tool') blocks.push(...toolBlock(text ? 1 : 0, id, b.name, b.fragments));
      return sse([
        messageStart(model, usage),
        ev({ type: 'ping' }),
        ...blocks,
        ...finish(b.kind === 'tool' ? 'tool_use' : 'end_turn', usage),
      ]);
    }
    case 'error-event':
      return sse([
        messageStart(model, defaultUsage),
        ...textBlock(0, b.text).slice(0, -1),
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: b.errorType, message: 'Overloaded' } })}\n\n`,
      ]);
    case 'reset-mid-stream':
      return sse([messageStart(model, defaultUsage), ...textBlock(0, b.text).slice(0, -1)], { finish: 'reset' });
  }
}

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const first: AnthropicBehaviour = { kind: 'text', text: 'hello from anthropic' };
  const up: ScriptedUpstream = await startScriptedUpstream((r) => anthropicReply(first, r));
  return {
    url: up.origin,
    received: up.received,
    script: (...b) => up.script(...b.map((x) => (r: Received) => anthropicReply(x, r))),
    close: () => up.close(),
  };
}
