// Anthropic clients end to end: the official @anthropic-ai/sdk (1.x and 0.x) -> a real daemon ->
// an OpenAI-format upstream (translated) or an Anthropic upstream (pass-through). PROTOCOLS 7,
// cases 4, 5, 6, 9, 10, 11, 12, 16, and failover from Anthropic to OpenAI.
import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from '@anthropic-ai/sdk-0';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { toAnthropicToolId } from '../../src/wire/tool-ids.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { attemptsFor } from '../helpers/ledger.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';
import { json, sse, startScriptedUpstream, type Reply, type Responder, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { events, openAiUpstream } from '../wire/helpers/streams.js';

let oa: ScriptedUpstream;
let an: FakeAnthropic;
let d: RunningDaemon;
let rpc: DaemonClient;
let sdk1: Anthropic;
let sdk0: Anthropic0;

const KEY = 'sk-router-test';

beforeAll(async () => {
  [oa, an] = await Promise.all([startScriptedUpstream(openAiText('hi')), startFakeAnthropic()]);
  d = await startDaemon(`
apiKeys: [${KEY}]
providers:
  oa: { type: openai-compatible, baseUrl: "${oa.origin}/v1", firstByteTimeoutMs: 3000 }
  an: { type: anthropic, baseUrl: "${an.url}", apiKey: sk-upstream-anthropic }
routes:
  to-openai: { strategy: ordered, targets: [oa/gpt-fake] }
  to-anthropic: { strategy: ordered, targets: [an/claude-fake] }
  claude-first: { strategy: ordered, targets: [an/claude-fake, oa/gpt-fake] }
  openai-first: { strategy: ordered, targets: [oa/gpt-fake, an/claude-fake] }
defaultRoute: to-openai
`);
  sdk1 = new Anthropic({ baseURL: d.url, apiKey: KEY, maxRetries: 0 });
  sdk0 = new Anthropic0({ baseURL: d.url, apiKey: KEY, maxRetries: 0 });
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([oa?.close(), an?.close()]);
});
beforeEach(async () => {
  await rpc.call('state.reset');
});

// ---- OpenAI upstream scripts -------------------------------------------------------------------

type Part = Parameters<typeof openAiUpstream>[0][number];
const openAiSse = (parts: Part[], extra: Partial<Reply> = {}): Reply =>
  sse(
    parts.map((p) => openAiUpstream([p])),
    extra,
  );
const role: Part = { delta: { role: 'assistant', content: '' } };
const cachedUsage = { prompt_tokens: 1060, completion_tokens: 20, total_tokens: 1080, prompt_tokens_details: { cached_tokens: 1000 } };
const UPSTREAM_TOOL_ID = 'functions.get_weather:0';
const toolStart = (args = ''): Part => ({
  delta: { tool_calls: [{ index: 0, id: UPSTREAM_TOOL_ID, type: 'function', function: { name: 'get_weather', arguments: args } }] },
});
const toolArgs = (args: string, finish?: string): Part => ({
  delta: { tool_calls: [{ index: 0, function: { arguments: args } }] },
  ...(finish ? { finish } : {}),
});

/** Streams or answers JSON, as the request asks. */
const openAiText =
  (text: string): Responder =>
  (r) =>
    r.body.stream === true
      ? openAiSse([
          role,
          { delta: { content: text } },
          { finish: 'stop' },
          { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } },
          null,
        ])
      : json({
          id: 'chatcmpl-up',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-fake',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
          usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
        });

const toolStreams: [string, Part[]][] = [
  [
    'argument fragments',
    [
      role,
      { delta: { content: 'Let me check.' } },
      toolStart(),
      toolArgs('{"city":'),
      toolArgs('"Oslo"}'),
      { finish: 'tool_calls' },
      { usage: cachedUsage },
      null,
    ],
  ],
  [
    'forced tool_choice (finish_reason "stop")',
    [
      role,
      { delta: { content: 'Let me check.' } },
      toolStart(),
      toolArgs('{"city":"Oslo"}'),
      { finish: 'stop' },
      { usage: cachedUsage },
      null,
    ],
  ],
  [
    'arguments in the first fragment',
    [role, { delta: { content: 'Let me check.' } }, toolStart('{"city":"Oslo"}'), { finish: 'tool_calls' }, { usage: cachedUsage }, null],
  ],
  [
    'arguments only at the end, with the finish',
    [role, { delta: { content: 'Let me check.' } }, toolStart(), toolArgs('{"city":"Oslo"}', 'tool_calls'), { usage: cachedUsage }, null],
  ],
];

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const ask = [{ role: 'user' as const, content: 'What is the weather in Oslo?' }];

type Sdk = { name: string; client: () => Pick<Anthropic, 'messages'> };
const sdks: Sdk[] = [
  { name: '@anthropic-ai/sdk 1.x', client: () => sdk1 },
  { name: '@anthropic-ai/sdk 0.x', client: () => sdk0 as unknown as Pick<Anthropic, 'messages'> },
];

async function rawMessages(
  body: object,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${d.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Asserts the SDK's framing rules (every event named, data type = name, blocks never interleaved) and lists the events. */
function anthropicFrames(text: string): string[] {
  const out: string[] = [];
  let open: number | null = null;
  let next = 0;
  for (const ev of events(text)) {
    const data = JSON.parse(ev.data) as { type: string; index?: number };
    expect(ev.event).toBe(data.type);
    if (data.type === 'content_block_start') {
      expect(open).toBeNull();
      expect(data.index).toBe(next++);
      open = data.index!;
    } else if (data.type === 'content_block_delta') expect(data.index).toBe(open);
    else if (data.type === 'content_block_stop') {
      expect(data.index).toBe(open);
      open = null;
    }
    out.push(data.index === undefined ? data.type : `${data.type}:${data.index}`);
  }
  return out;
}

describe('Anthropic client, OpenAI-format upstream (translated)', () => {
  it('streams text and a tool call with exact framing (case 4)', async () => {
    oa.script(() => openAiSse(toolStreams[0]![1]));
    const raw = await rawMessages({ model: 'to-openai', max_tokens: 100, stream: true, messages: ask, tools: [weatherTool] });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(anthropicFrames(raw.text).filter((e) => e !== 'ping')).toEqual([
      'message_start',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'message_delta',
      'message_stop',
    ]);
    const start = events(raw.text)
      .map((e) => JSON.parse(e.data))
      .find((e) => e.type === 'content_block_start' && e.index === 1);
    expect(start.content_block).toEqual({ type: 'tool_use', id: toAnthropicToolId(UPSTREAM_TOOL_ID), name: 'get_weather', input: {} });
  });

  describe.each(sdks)('$name', ({ client }) => {
    it.each(toolStreams)('finalMessage() has the whole tool call and the real usage: %s (cases 5, 16)', async (_n, parts) => {
      oa.script(() => openAiSse(parts));
      const msg = await client()
        .messages.stream({ model: 'to-openai', max_tokens: 100, messages: ask, tools: [weatherTool] })
        .finalMessage();
      expect(msg.content).toMatchObject([
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: toAnthropicToolId(UPSTREAM_TOOL_ID), name: 'get_weather', input: { city: 'Oslo' } },
      ]);
      expect(msg.stop_reason).toBe('tool_use');
      expect(msg.usage).toMatchObject({ input_tokens: 60, output_tokens: 20, cache_read_input_tokens: 1000 });
    });

    it('non-streaming create(): content, stop_reason and usage mapped', async () => {
      oa.script(() =>
        json({
          id: 'chatcmpl-up',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-fake',
          choices: [
            {
              index: 0,
              finish_reason: 'tool_calls',
              message: {
                role: 'assistant',
                content: 'Let me check.',
                tool_calls: [{ id: UPSTREAM_TOOL_ID, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
              },
            },
          ],
          usage: cachedUsage,
        }),
      );
      const msg = await client().messages.create({ model: 'to-openai', max_tokens: 100, messages: ask, tools: [weatherTool] });
      expect(msg).toMatchObject({
        type: 'message',
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: toAnthropicToolId(UPSTREAM_TOOL_ID), name: 'get_weather', input: { city: 'Oslo' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 60, output_tokens: 20, cache_read_input_tokens: 1000, cache_creation_input_tokens: 0 },
      });
    });
  });

  it('message_start carries an estimate, message_delta the real input count (case 16)', async () => {
    oa.script(() => openAiSse(toolStreams[0]![1]));
    const raw = await rawMessages({ model: 'to-openai', max_tokens: 100, stream: true, messages: ask });
    const payloads = events(raw.text).map((e) => JSON.parse(e.data));
    const estimate = payloads.find((p) => p.type === 'message_start').message.usage.input_tokens;
    expect(estimate).toBeGreaterThan(0);
    expect(estimate).not.toBe(60);
    expect(payloads.find((p) => p.type === 'message_delta').usage).toEqual({
      input_tokens: 60,
      output_tokens: 20,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 1000,
    });
  });

  it('the tool loop continues: the upstream gets its own tool id back (cases 7, 9)', async () => {
    oa.script(() => openAiSse(toolStreams[0]![1]), openAiText('It is sunny.'));
    const first = await sdk1.messages.stream({ model: 'to-openai', max_tokens: 100, messages: ask, tools: [weatherTool] }).finalMessage();
    const call = first.content[1] as Anthropic.ToolUseBlock;
    expect(call.id).toMatch(/^[a-zA-Z0-9_-]+$/);
    const second = await sdk1.messages
      .stream({
        model: 'to-openai',
        max_tokens: 100,
        tools: [weatherTool],
        messages: [
          ...ask,
          { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21 C' },
              { type: 'text', text: 'Thanks!' },
            ],
          },
        ],
      })
      .finalMessage();
    expect(second.content).toMatchObject([{ type: 'text', text: 'It is sunny.' }]);
    const sent = oa.received.at(-1)!.body.messages as { role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string }[];
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    expect(sent[1]).toMatchObject({
      content: 'Let me check.',
      tool_calls: [{ id: UPSTREAM_TOOL_ID, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
    });
    expect(sent[2]).toMatchObject({ tool_call_id: UPSTREAM_TOOL_ID, content: 'sunny, 21 C' });
  });

  it('a tool call cut off by the length limit ends with max_tokens, not tool_use (case 6)', async () => {
    oa.script(() => openAiSse([role, toolStart(), toolArgs('{"city":"Os'), { finish: 'length' }, { usage: cachedUsage }, null]));
    const raw = await rawMessages({ model: 'to-openai', max_tokens: 5, stream: true, messages: ask, tools: [weatherTool] });
    const delta = events(raw.text)
      .map((e) => JSON.parse(e.data))
      .find((p) => p.type === 'message_delta');
    expect(delta.delta.stop_reason).toBe('max_tokens');
    const msg = await sdk1.messages.stream({ model: 'to-openai', max_tokens: 5, messages: ask, tools: [weatherTool] }).finalMessage();
    expect(msg.stop_reason).toBe('max_tokens');
  });

  it('an upstream drop after content ends with event: error and no message_stop (case 12)', async () => {
    oa.script(() => openAiSse([role, { delta: { content: 'partial answer' } }], { finish: 'reset' }));
    const raw = await rawMessages({ model: 'to-openai', max_tokens: 100, stream: true, messages: ask });
    expect(raw.status).toBe(200);
    const frames = anthropicFrames(raw.text);
    expect(frames.at(-1)).toBe('error');
    expect(frames).not.toContain('message_stop');
    expect(raw.text).toContain('partial answer');
    const err = await sdk1.messages
      .stream({ model: 'to-openai', max_tokens: 100, messages: ask })
      .finalMessage()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
  });
});

describe('Anthropic client, Anthropic upstream (pass-through)', () => {
  it('streams the upstream events, only model rewritten, version and key set', async () => {
    an.script({ kind: 'tool', text: 'Checking.', name: 'get_weather', fragments: ['{"city": ', '"Oslo"}'] });
    const params = { model: 'to-anthropic', max_tokens: 100, messages: ask, tools: [weatherTool] };
    const msg = await sdk1.messages.stream(params).finalMessage();
    expect(msg.content).toMatchObject([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_fake01', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
    expect(msg.usage).toMatchObject({ input_tokens: 12, output_tokens: 30 });
    const sent = an.received.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.body).toEqual({ ...params, model: 'claude-fake', stream: true });
    expect(sent.headers['x-api-key']).toBe('sk-upstream-anthropic');
    expect(sent.headers['anthropic-version']).toBe('2026-10-21');
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('non-streaming with SDK 0.x: the upstream body comes back as it is', async () => {
    an.script({ kind: 'text', text: 'plain answer' });
    const msg = await sdk0.messages.create({ model: 'to-anthropic', max_tokens: 50, messages: ask });
    expect(msg.content).toEqual([{ type: 'text', text: 'plain answer', citations: null }]);
    expect(an.received.at(-1)!.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('a prompt shortcut is stripped before sending', async () => {
    an.script({ kind: 'text', text: 'ok' });
    await sdk1.messages.create({ model: 'to-anthropic', max_tokens: 50, messages: [{ role: 'user', content: '@fast what is 2+2?' }] });
    expect(an.received.at(-1)!.body.messages).toEqual([{ role: 'user', content: 'what is 2+2?' }]);
  });

  it('an upstream error event mid-stream is passed on with its type, without message_stop (case 12)', async () => {
    an.script({ kind: 'error-event', text: 'half an answer', errorType: 'overloaded_error' });
    const raw = await rawMessages({ model: 'to-anthropic', max_tokens: 100, stream: true, messages: ask });
    const last = events(raw.text).at(-1)!;
    expect(last.event).toBe('error');
    expect(JSON.parse(last.data)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(raw.text).not.toContain('message_stop');
  });
});

describe('failover for Anthropic clients', () => {
  it.each([
    ['streaming', true],
    ['non-streaming', false],
  ])('%s: Anthropic 429, then the OpenAI target answers; both attempts in the ledger', async (_n, stream) => {
    an.script({ kind: 'status', status: 429, headers: { 'retry-after': '3' } });
    oa.script(openAiText('from openai'));
    const req = { model: 'claude-first', max_tokens: 100, messages: ask };
    const { data, response } = stream ? await sdk1.messages.stream(req).withResponse() : await sdk1.messages.create(req).withResponse();
    const msg = 'finalMessage' in data ? await data.finalMessage() : data;
    expect(msg.content).toMatchObject([{ type: 'text', text: 'from openai' }]);
    expect(response.headers.get('x-router-target')).toBe('oa/gpt-fake');
    expect(response.headers.get('x-router-attempts')).toBe('2');
    const rows = await attemptsFor(d.home, response.headers.get('x-router-decision')!, 2);
    expect(rows.map((r) => [r.target, r.outcome, r.error_class, r.status])).toEqual([
      ['an/claude-fake', 'failed', 'rate_limit', 429],
      ['oa/gpt-fake', 'ok', null, null],
    ]);
  });
});

describe('errors in the Anthropic format (case 11)', () => {
  const cases: [string, string, () => void, number, string, RegExp, Record<string, string>][] = [
    [
      'OpenAI 429 with retry-after',
      'to-openai',
      () =>
        oa.script(() =>
          json({ error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, 429, { 'retry-after': '7' }),
        ),
      429,
      'rate_limit_error',
      /slow down/,
      { 'retry-after': '7' },
    ],
    [
      'Anthropic 529',
      'to-anthropic',
      () => an.script({ kind: 'status', status: 529, message: 'Overloaded' }),
      529,
      'overloaded_error',
      /Overloaded/,
      {},
    ],
    [
      'OpenAI 503 server_is_overloaded',
      'to-openai',
      () => oa.script(() => json({ error: { message: 'busy', type: 'server_error', code: 'server_is_overloaded' } }, 503)),
      529,
      'overloaded_error',
      /busy/,
      {},
    ],
    [
      'OpenAI context overflow',
      'openai-first',
      () =>
        oa.script(() =>
          json(
            {
              error: {
                message: "This model's maximum context length is 8192 tokens",
                type: 'invalid_request_error',
                param: 'messages',
                code: 'context_length_exceeded',
              },
            },
            400,
          ),
        ),
      400,
      'invalid_request_error',
      /^prompt is too long: This model's maximum context length/,
      {},
    ],
    [
      'Anthropic context overflow',
      'to-anthropic',
      () => an.script({ kind: 'status', status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum' }),
      400,
      'invalid_request_error',
      /^prompt is too long: 210000 tokens/,
      {},
    ],
  ];
  it.each(cases)('%s', async (_n, route, arrange, status, type, message, headers) => {
    arrange();
    const anBefore = an.received.length;
    const raw = await rawMessages({ model: route, max_tokens: 100, messages: ask });
    expect(raw.status).toBe(status);
    const body = JSON.parse(raw.text);
    expect(body).toMatchObject({ type: 'error', error: { type } });
    expect(body.error.message).toMatch(message);
    expect(body.request_id).toBe(raw.headers.get('request-id'));
    for (const [k, v] of Object.entries(headers)) expect(raw.headers.get(k)).toBe(v);
    // A context overflow is never retried on a target that is not known to be larger.
    if (route === 'openai-first') expect(an.received.length).toBe(anBefore);
  });

  it('the SDK raises its own error classes', async () => {
    oa.script(() => json({ error: { message: 'slow down', type: 'rate_limit_error' } }, 429));
    await expect(sdk1.messages.create({ model: 'to-openai', max_tokens: 10, messages: ask })).rejects.toBeInstanceOf(
      Anthropic.RateLimitError,
    );
    an.script({ kind: 'status', status: 529 });
    await expect(sdk0.messages.create({ model: 'to-anthropic', max_tokens: 10, messages: ask })).rejects.toBeInstanceOf(
      Anthropic0.InternalServerError,
    );
  });
});

describe('auth variants and bad input (case 10)', () => {
  it.each([
    ['x-api-key, 2023-06-01', { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' }],
    ['x-api-key, 2026-10-21', { 'x-api-key': KEY, 'anthropic-version': '2026-10-21' }],
    ['Bearer, 2026-10-21', { 'x-api-key': '', authorization: `Bearer ${KEY}`, 'anthropic-version': '2026-10-21' }],
    ['Bearer, 2023-06-01', { 'x-api-key': '', authorization: `Bearer ${KEY}`, 'anthropic-version': '2023-06-01' }],
  ])('accepts %s', async (_n, headers) => {
    oa.script(openAiText('ok'));
    const raw = await rawMessages({ model: 'to-openai', max_tokens: 10, messages: ask }, headers);
    expect(raw.status).toBe(200);
    expect(JSON.parse(raw.text).content).toEqual([{ type: 'text', text: 'ok' }]);
  });

  it.each([
    ['a wrong x-api-key', { 'x-api-key': 'sk-wrong' }],
    ['a wrong bearer token', { 'x-api-key': '', authorization: 'Bearer sk-wrong' }],
    ['no key', { 'x-api-key': '' }],
  ])('refuses %s with 401 authentication_error', async (_n, headers) => {
    const raw = await rawMessages({ model: 'to-openai', max_tokens: 10, messages: ask }, headers);
    expect(raw.status).toBe(401);
    expect(JSON.parse(raw.text)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('both SDKs get AuthenticationError for a wrong key', async () => {
    const bad1 = new Anthropic({ baseURL: d.url, apiKey: 'sk-wrong', maxRetries: 0 });
    const bad0 = new Anthropic0({ baseURL: d.url, authToken: 'sk-wrong', maxRetries: 0 });
    await expect(bad1.messages.create({ model: 'auto', max_tokens: 10, messages: ask })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
    await expect(bad0.messages.create({ model: 'auto', max_tokens: 10, messages: ask })).rejects.toBeInstanceOf(
      Anthropic0.AuthenticationError,
    );
  });

  it.each([
    ['malformed JSON', '{"model":', 400, 'invalid_request_error', /not valid JSON/],
    ['no max_tokens', JSON.stringify({ model: 'auto', messages: ask }), 400, 'invalid_request_error', /max_tokens/],
    [
      'bad content',
      JSON.stringify({ model: 'auto', max_tokens: 5, messages: [{ role: 'user', content: 5 }] }),
      400,
      'invalid_request_error',
      /messages\.0\.content/,
    ],
    ['unknown model', JSON.stringify({ model: 'nope', max_tokens: 5, messages: ask }), 404, 'not_found_error', /nope/],
  ])('%s: a clear error, and the daemon stays up', async (_n, body, status, type, message) => {
    const res = await fetch(`${d.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
      body,
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('request-id')).toMatch(/^d-/);
    const json = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(json).toMatchObject({ type: 'error', error: { type } });
    expect(json.error.message).toMatch(message);
    expect((await fetch(`${d.url}/healthz`)).status).toBe(200);
  });
});
