// OpenAI clients reaching non-OpenAI upstreams: the official `openai` SDK -> a real daemon -> fake
// Anthropic, Gemini and Ollama servers speaking their real wire formats. PROTOCOLS 7, cases 1, 2,
// 3, 11, 12, 16 through the daemon, tool loops with ids and Gemini thought signatures.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';
import { events } from '../wire/helpers/streams.js';

let an: FakeAnthropic;
let gm: FakeGemini;
let ol: FakeOllama;
let d: RunningDaemon;
let rpc: DaemonClient;
let client: OpenAI;

beforeAll(async () => {
  [an, gm, ol] = await Promise.all([startFakeAnthropic(), startFakeGemini(), startFakeOllama()]);
  d = await startDaemon(`
providers:
  an: { type: anthropic, baseUrl: "${an.url}/v1", apiKey: sk-upstream-anthropic }
  gm: { type: gemini, baseUrl: "${gm.url}", apiKey: gemini-key }
  ol: { type: ollama, baseUrl: "${ol.url}/v1" }
routes:
  claude: { strategy: ordered, targets: [an/claude-fake] }
  gemini: { strategy: ordered, targets: [gm/gemini-fake] }
  local: { strategy: ordered, targets: [ol/llama-fake] }
defaultRoute: claude
`);
  client = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([an?.close(), gm?.close(), ol?.close()]);
});
beforeEach(async () => {
  await rpc.call('state.reset');
});

const ask = [{ role: 'user' as const, content: 'What is the weather in Oslo?' }];
const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

async function rawChat(body: object): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

// Chunk payloads are probed field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Chunk = any;

/** OpenAI framing rules every stream must keep (PROTOCOLS 1.5); returns the parsed chunks before [DONE]. */
function openAiChunks(text: string): Chunk[] {
  const evs = events(text);
  for (const e of evs) expect(e.event).toBeUndefined();
  expect(evs.at(-1)!.data).toBe('[DONE]');
  const chunks = evs.slice(0, -1).map((e) => JSON.parse(e.data) as Chunk);
  expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  expect(chunks[0].choices[0].delta.role).toBe('assistant');
  expect(chunks.filter((c) => c.choices[0]?.finish_reason != null)).toHaveLength(1);
  return chunks;
}

describe('OpenAI client, Anthropic upstream', () => {
  it('streams text: data-only lines, role first, one finish_reason, [DONE] (case 1)', async () => {
    an.script({ kind: 'text', text: 'hello from anthropic' });
    const raw = await rawChat({ model: 'claude', stream: true, messages: ask });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    const chunks = openAiChunks(raw.text);
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('hello from anthropic');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    // The upstream's ping arrives as an SSE comment, which OpenAI clients skip.
    expect(raw.text).toContain(': ping\n\n');
    const final = await client.chat.completions.stream({ model: 'claude', messages: ask }).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('hello from anthropic');
  });

  it('streams a tool call after text: tool index 0, id/type/name first, arguments join to JSON (case 2)', async () => {
    an.script({ kind: 'tool', text: 'Let me check.', name: 'get_weather', fragments: ['{"city": ', '"Oslo"}'] });
    const raw = await rawChat({ model: 'claude', stream: true, messages: ask, tools: [weatherTool] });
    const calls = openAiChunks(raw.text).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'toolu_fake01', type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(calls.every((c: Chunk) => c.index === 0)).toBe(true);
    expect(JSON.parse(calls.map((c: Chunk) => c.function.arguments).join(''))).toEqual({ city: 'Oslo' });
    expect(raw.text).toContain('"finish_reason":"tool_calls"');
  });

  it('done when: the SDK reassembles a streamed tool call with correct usage, and the loop continues', async () => {
    const usage = { input_tokens: 10, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50, output_tokens: 20 };
    an.script(
      { kind: 'tool', text: 'Let me check.', name: 'get_weather', fragments: ['{"city": ', '"Oslo"}'], usage },
      { kind: 'text', text: 'It is sunny.' },
    );
    const final = await client.chat.completions
      .stream({ model: 'claude', messages: ask, tools: [weatherTool], stream_options: { include_usage: true } })
      .finalChatCompletion();
    const message = final.choices[0]!.message;
    expect(message.content).toBe('Let me check.');
    expect(message.tool_calls).toEqual([
      { id: 'toolu_fake01', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Oslo"}' } },
    ]);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.usage).toMatchObject({
      prompt_tokens: 1060,
      completion_tokens: 20,
      total_tokens: 1080,
      prompt_tokens_details: { cached_tokens: 1000 },
    });

    const next = await client.chat.completions.create({
      model: 'claude',
      tools: [weatherTool],
      messages: [
        ...ask,
        { role: 'assistant', content: message.content, tool_calls: message.tool_calls },
        { role: 'tool', tool_call_id: 'toolu_fake01', content: 'sunny' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(next.choices[0]!.message.content).toBe('It is sunny.');
    expect(an.received.at(-1)!.body.messages).toEqual([
      { role: 'user', content: 'What is the weather in Oslo?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_fake01', name: 'get_weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_fake01', content: 'sunny' },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('encodes the request for the Messages API: system on top, max_tokens, tools, tool_choice; no anthropic-beta', async () => {
    an.script({ kind: 'text', text: 'ok' });
    await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'system', content: 'Be terse.' }, ...ask],
      tools: [weatherTool],
      tool_choice: 'required',
      temperature: 1.5,
    });
    const sent = an.received.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['anthropic-beta']).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'claude-fake',
      system: [{ type: 'text', text: 'Be terse.' }],
      messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
      max_tokens: 8192,
      temperature: 1,
      tools: [{ name: 'get_weather', input_schema: (weatherTool as OpenAI.ChatCompletionFunctionTool).function.parameters }],
      tool_choice: { type: 'any' },
    });
  });

  it.each([
    ['asked for', 1, true],
    ['not asked for', 0, false],
  ])('include_usage %s: %i usage chunk right before [DONE] (case 3)', async (_n, expected, include) => {
    an.script({ kind: 'text', text: 'hi there' });
    const raw = await rawChat({
      model: 'claude',
      stream: true,
      messages: ask,
      ...(include ? { stream_options: { include_usage: true } } : {}),
    });
    const chunks = openAiChunks(raw.text);
    const usageChunks = chunks.filter((c) => c.choices.length === 0);
    expect(usageChunks).toHaveLength(expected);
    if (include) {
      expect(chunks.at(-1)).toBe(usageChunks[0]);
      expect(usageChunks[0].usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 });
    }
  });

  it('non-streaming: usage with cache tokens mapped (case 16)', async () => {
    an.script({
      kind: 'text',
      text: 'cached',
      usage: { input_tokens: 10, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50, output_tokens: 20 },
    });
    const res = await client.chat.completions.create({ model: 'claude', messages: ask });
    expect(res.object).toBe('chat.completion');
    expect(res.choices[0]!.message.content).toBe('cached');
    expect(res.usage).toEqual({
      prompt_tokens: 1060,
      completion_tokens: 20,
      total_tokens: 1080,
      prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 50 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it.each([
    [
      '429 with retry-after',
      { kind: 'status', status: 429, headers: { 'retry-after': '7' } } as const,
      429,
      'rate_limit_error',
      null,
      { 'retry-after': '7' },
    ],
    ['529 overloaded', { kind: 'status', status: 529 } as const, 503, 'server_error', 'server_is_overloaded', {}],
    [
      '400 prompt too long',
      { kind: 'status', status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum' } as const,
      400,
      'invalid_request_error',
      'context_length_exceeded',
      {},
    ],
  ])('upstream %s: an OpenAI error body with the right status (case 11)', async (_n, fault, status, type, code, headers) => {
    an.script(fault);
    const raw = await rawChat({ model: 'claude', messages: ask });
    expect(raw.status).toBe(status);
    const body = JSON.parse(raw.text);
    expect(body.error.type).toBe(type);
    if (code !== null) expect(body.error.code).toBe(code);
    for (const [k, v] of Object.entries(headers)) expect(raw.headers.get(k)).toBe(v);
  });

  it.each([
    ['a dropped connection', { kind: 'reset-mid-stream', text: 'partial answer' } as const],
    ['an error event', { kind: 'error-event', text: 'partial answer', errorType: 'overloaded_error' } as const],
  ])('after content, %s becomes a data error line with no finish and no [DONE] (case 12)', async (_n, fault) => {
    an.script(fault);
    const raw = await rawChat({ model: 'claude', stream: true, messages: ask });
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('partial');
    const last = events(raw.text).at(-1)!;
    expect(JSON.parse(last.data).error.message).toContain('mid-stream');
    expect(raw.text).not.toContain('"finish_reason":"stop"');
    expect(raw.text).not.toContain('[DONE]');
    const err = await client.chat.completions
      .stream({ model: 'claude', messages: ask })
      .finalChatCompletion()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
  });
});

describe('requests a format cannot carry', () => {
  it.each([
    [
      'audio input',
      { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] }] },
      /audio input cannot be sent/,
    ],
    ['n > 1', { n: 2, messages: ask }, /more than one choice/],
  ])('%s to Anthropic: 400 invalid_request_error, no upstream call, no cooldown', async (_n, body, message) => {
    const before = an.received.length;
    const raw = await rawChat({ model: 'claude', ...body });
    expect(raw.status).toBe(400);
    const json = JSON.parse(raw.text);
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message).toMatch(message);
    expect(an.received.length).toBe(before);
    expect((await rpc.call('status')).cooldowns).toEqual([]);
  });
});

describe('OpenAI client, Gemini upstream', () => {
  it.each([
    ['streaming', true],
    ['non-streaming', false],
  ])('%s text, sent to the right endpoint with the key header', async (_n, stream) => {
    gm.script({ kind: 'text', text: 'hello from gemini' });
    const res = stream
      ? await client.chat.completions
          .stream({ model: 'gemini', messages: [{ role: 'system', content: 'Be terse.' }, ...ask] })
          .finalChatCompletion()
      : await client.chat.completions.create({ model: 'gemini', messages: [{ role: 'system', content: 'Be terse.' }, ...ask] });
    expect(res.choices[0]!.message.content).toBe('hello from gemini');
    expect(res.choices[0]!.finish_reason).toBe('stop');
    const sent = gm.received.at(-1)!;
    expect(sent.path).toBe(
      stream ? '/v1beta/models/gemini-fake:streamGenerateContent?alt=sse' : '/v1beta/models/gemini-fake:generateContent',
    );
    expect(sent.headers['x-goog-api-key']).toBe('gemini-key');
    expect(sent.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'What is the weather in Oslo?' }] }],
      systemInstruction: { parts: [{ text: 'Be terse.' }] },
    });
  });

  it('a tool call keeps its thought signature for the next turn', async () => {
    gm.script({ kind: 'call', name: 'get_weather', args: { city: 'Oslo' }, thoughtSignature: 'sig-abc' }, { kind: 'text', text: 'Sunny.' });
    const first = await client.chat.completions
      .stream({ model: 'gemini', messages: ask, tools: [weatherTool], stream_options: { include_usage: true } })
      .finalChatCompletion();
    const call = first.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Oslo"}' });
    expect(call.id).toMatch(/^call_d-[a-z0-9_-]+_0$/);
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(first.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 5 });
    await client.chat.completions.create({
      model: 'gemini',
      tools: [weatherTool],
      messages: [
        ...ask,
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'sunny' },
      ],
    });
    expect(gm.received.at(-1)!.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'What is the weather in Oslo?' }] },
      {
        role: 'model',
        parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' }, id: call.id }, thoughtSignature: 'sig-abc' }],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call.id, response: { result: 'sunny' } } }] },
    ]);
  });

  it('RESOURCE_EXHAUSTED becomes a 429 rate_limit_error', async () => {
    gm.script({ kind: 'status', status: 429, googleStatus: 'RESOURCE_EXHAUSTED' });
    const err = await client.chat.completions.create({ model: 'gemini', messages: ask }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
  });
});

describe('OpenAI client, Ollama upstream (native /api/chat)', () => {
  it.each([
    ['streaming', true],
    ['non-streaming', false],
  ])('%s text with usage from the eval counts', async (_n, stream) => {
    ol.script({ kind: 'text', text: 'hello from ollama' });
    const res = stream
      ? await client.chat.completions
          .stream({ model: 'local', messages: ask, stream_options: { include_usage: true } })
          .finalChatCompletion()
      : await client.chat.completions.create({ model: 'local', messages: ask, max_tokens: 50 });
    expect(res.choices[0]!.message.content).toBe('hello from ollama');
    expect(res.usage).toMatchObject({ prompt_tokens: 26, completion_tokens: 8 });
    const sent = ol.received.at(-1)!;
    expect(sent.path).toBe('/api/chat');
    expect(sent.body).toEqual({
      model: 'llama-fake',
      messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
      stream,
      ...(stream ? {} : { options: { num_predict: 50 } }),
    });
  });

  it('a whole tool call gets an id and finish_reason tool_calls although Ollama says "stop"', async () => {
    ol.script({ kind: 'call', name: 'get_weather', args: { city: 'Oslo' } });
    const final = await client.chat.completions.stream({ model: 'local', messages: ask, tools: [weatherTool] }).finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Oslo"}' });
    expect(call.id).toMatch(/^call_d-[a-z0-9_-]+_0$/);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });
});
