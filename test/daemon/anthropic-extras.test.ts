// The rest of what Anthropic clients (Claude Code above all) need from the daemon: count_tokens
// without an upstream call, the models list in both shapes, anthropic-beta only for Anthropic
// upstreams, and Gemini and Ollama upstreams (tool-result images included). PROTOCOLS 7, cases 13, 14, 15.
import { request } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from '@anthropic-ai/sdk-0';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { fnv1a64Hex } from '../../src/wire/stable-hash.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';
import { json, sse, startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { openAiUpstream } from '../wire/helpers/streams.js';

let an: FakeAnthropic;
let gm: FakeGemini;
let ol: FakeOllama;
let oa: ScriptedUpstream;
let d: RunningDaemon;
let rpc: DaemonClient;
let sdk1: Anthropic;
let sdk0: Anthropic0;

const KEY = 'sk-router-test';
const BETA = 'claude-code-20250219,interleaved-thinking-2025-05-14, context-1m-2025-08-07';

const openAiAnswer = (text: string, stream: boolean) =>
  stream
    ? sse([
        openAiUpstream([
          { delta: { role: 'assistant', content: '' } },
          { delta: { content: text } },
          { finish: 'stop' },
          { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
          null,
        ]),
      ])
    : json({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-fake',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
      });

beforeAll(async () => {
  [an, gm, ol, oa] = await Promise.all([
    startFakeAnthropic(),
    startFakeGemini(),
    startFakeOllama(),
    startScriptedUpstream((r) => openAiAnswer('hello from openai', r.body.stream === true)),
  ]);
  d = await startDaemon(`
apiKeys: [${KEY}]
providers:
  an: { type: anthropic, baseUrl: "${an.url}", apiKey: sk-upstream-anthropic }
  gm: { type: gemini, baseUrl: "${gm.url}", apiKey: gemini-key }
  ol: { type: ollama, baseUrl: "${ol.url}" }
  oa: { type: openai-compatible, baseUrl: "${oa.origin}/v1" }
routes:
  to-anthropic: { strategy: ordered, targets: [an/claude-fake] }
  to-gemini: { strategy: ordered, targets: [gm/gemini-fake] }
  to-ollama: { strategy: ordered, targets: [ol/llama-fake] }
  to-openai: { strategy: ordered, targets: [oa/gpt-fake] }
defaultRoute: to-anthropic
`);
  sdk1 = new Anthropic({ baseURL: d.url, apiKey: KEY, maxRetries: 0 });
  sdk0 = new Anthropic0({ baseURL: d.url, apiKey: KEY, maxRetries: 0 });
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([an?.close(), gm?.close(), ol?.close(), oa?.close()]);
});
beforeEach(async () => {
  await rpc.call('state.reset');
});

const ask = [{ role: 'user' as const, content: 'What is the weather in Oslo?' }];
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const upstreamCalls = () => an.received.length + gm.received.length + ol.received.length + oa.received.length;

describe('POST /v1/messages/count_tokens (case 13)', () => {
  // Expected numbers follow the engine's estimate: ceil(text chars / 3.5), tool JSON / 3 + 10 per tool, 1600 per image.
  it.each([
    ['one user message', { messages: ask }, 8],
    ['system, tools and messages', { system: 'You are terse.', tools: [weatherTool], messages: ask }, 12 + 61],
    [
      'an image',
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              { type: 'text', text: 'What is this?' },
            ],
          },
        ],
      },
      4 + 1600,
    ],
  ])('%s: the estimate, for every route, with no upstream call', async (_n, body, expected) => {
    const before = upstreamCalls();
    for (const model of ['auto', 'to-gemini', 'to-openai', 'claude-sonnet-unknown']) {
      const res = await fetch(`${d.url}/v1/messages/count_tokens?beta=true`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': KEY,
          'anthropic-version': '2023-06-01',
          'anthropic-beta': `${BETA},token-counting-2024-11-01`,
        },
        body: JSON.stringify({ model, ...body }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ input_tokens: expected });
    }
    expect(upstreamCalls()).toBe(before);
  });

  it('both SDKs count (1.x plain, 0.x beta with ?beta=true)', async () => {
    const params = { model: 'auto', system: 'You are terse.', tools: [weatherTool], messages: ask };
    expect(await sdk1.messages.countTokens(params)).toEqual({ input_tokens: 73 });
    expect(await sdk0.beta.messages.countTokens(params)).toEqual({ input_tokens: 73 });
  });

  it('a body without messages is a 400 in the Anthropic format', async () => {
    const res = await fetch(`${d.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: JSON.stringify({ model: 'auto' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'messages: Field required' },
    });
  });
});

describe('GET /v1/models (case 14)', () => {
  it.each([
    [
      '1.x (Bearer, 2026-10-21)',
      (fetch: typeof globalThis.fetch) => new Anthropic({ baseURL: d.url, apiKey: KEY, maxRetries: 0, fetch }) as unknown as Anthropic0,
    ],
    [
      '0.x (x-api-key, 2023-06-01)',
      (fetch: typeof globalThis.fetch) => new Anthropic0({ baseURL: d.url, apiKey: KEY, maxRetries: 0, fetch }),
    ],
  ])('the Anthropic SDK %s reads the Anthropic shape in one request', async (_n, client) => {
    let requests = 0;
    const counted: typeof globalThis.fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const page = await client(counted).models.list({ limit: 1000 });
    // One answer the SDK takes as the whole list: no retry, no second page.
    expect(requests).toBe(1);
    expect(page.has_more).toBe(false);
    expect(page.data.map((m) => m.id)).toEqual(expect.arrayContaining(['auto', 'to-anthropic', 'an/claude-fake']));
    for (const m of page.data) {
      expect(m.type).toBe('model');
      expect(typeof m.display_name).toBe('string');
    }
  });

  it('the OpenAI SDK reads the OpenAI shape, and /models works without /v1', async () => {
    const list = await new OpenAI({ baseURL: `${d.url}/v1`, apiKey: KEY, maxRetries: 0 }).models.list();
    expect(list.data.map((m) => m.id)).toContain('to-openai');
    const bare = await fetch(`${d.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(((await bare.json()) as { object: string }).object).toBe('list');
  });

  it.each([
    ['/v1/models/%E0%A4%A', {}, { error: { type: 'invalid_request_error', message: expect.stringContaining('percent-encoding') } }],
    ['/models/abc%ZZ', {}, { error: { type: 'invalid_request_error' } }],
    ['/v1/models/%', { 'anthropic-version': '2023-06-01' }, { type: 'error', error: { type: 'invalid_request_error' } }],
  ])('GET %s (malformed percent-encoding) is a 400 in the client shape, not a 500', async (path, headers, body) => {
    // Raw HTTP: fetch would not send a malformed path as is.
    const res = await rawGet(path, { authorization: `Bearer ${KEY}`, ...headers });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(body);
    expect((await rawGet('/v1/models/%61uto', { authorization: `Bearer ${KEY}` })).body).toMatchObject({ id: 'auto', object: 'model' });
  });
});

function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(d.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('anthropic-beta (case 15)', () => {
  const beta = () => new Anthropic({ baseURL: d.url, apiKey: KEY, maxRetries: 0, defaultHeaders: { 'anthropic-beta': BETA } });

  it('reaches an Anthropic upstream byte for byte', async () => {
    an.script({ kind: 'text', text: 'ok' });
    await beta().messages.create({ model: 'to-anthropic', max_tokens: 10, messages: ask });
    expect(an.received.at(-1)!.headers['anthropic-beta']).toBe(BETA);
  });

  it.each([
    ['OpenAI', 'to-openai', () => oa.received, 'hello from openai'],
    ['Gemini', 'to-gemini', () => gm.received, 'hello from gemini'],
    ['Ollama', 'to-ollama', () => ol.received, 'hello from ollama'],
  ])('is dropped for %s, and the request succeeds', async (_n, model, received, text) => {
    gm.script({ kind: 'text', text: 'hello from gemini' });
    ol.script({ kind: 'text', text: 'hello from ollama' });
    const msg = await beta().messages.stream({ model, max_tokens: 10, messages: ask }).finalMessage();
    expect(msg.content).toMatchObject([{ type: 'text', text }]);
    const headers = received().at(-1)!.headers;
    expect(headers['anthropic-beta']).toBeUndefined();
    expect(headers['anthropic-version']).toBeUndefined();
  });
});

describe('Anthropic client, Gemini and Ollama upstreams', () => {
  it.each([
    ['Gemini streaming', 'to-gemini', true],
    ['Gemini non-streaming', 'to-gemini', false],
    ['Ollama streaming', 'to-ollama', true],
    ['Ollama non-streaming', 'to-ollama', false],
  ])('%s: a tool call with an id, stop_reason tool_use and usage', async (_n, model, stream) => {
    gm.script({ kind: 'call', text: 'Checking.', name: 'get_weather', args: { city: 'Oslo' }, thoughtSignature: 'sig-1' });
    ol.script({ kind: 'call', name: 'get_weather', args: { city: 'Oslo' } });
    const params = { model, max_tokens: 100, messages: ask, tools: [weatherTool] };
    const msg = stream ? await sdk1.messages.stream(params).finalMessage() : await sdk1.messages.create(params);
    const call = msg.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(call).toMatchObject({ name: 'get_weather', input: { city: 'Oslo' } });
    expect(call.id).toMatch(/^call_d-[a-z0-9_-]+_0$/);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.usage).toMatchObject(model === 'to-gemini' ? { input_tokens: 9, output_tokens: 5 } : { input_tokens: 26, output_tokens: 8 });
  });

  it("Claude Code's request shape reaches an OpenAI-format upstream without Anthropic-only fields", async () => {
    const claudeCodeUserId = 'user_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef_account__session_x';
    await sdk1.messages
      .stream({
        model: 'to-openai',
        max_tokens: 32000,
        system: [
          { type: 'text', text: 'x-anthropic-billing-header: cc_version=2' },
          { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        ],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: '<system-reminder>be brief</system-reminder>' },
              { type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } },
            ],
          },
        ],
        tools: [{ ...weatherTool, cache_control: { type: 'ephemeral' } }],
        thinking: { type: 'adaptive' },
        metadata: { user_id: claudeCodeUserId },
      } as Anthropic.MessageStreamParams)
      .finalMessage();
    expect(oa.received.at(-1)!.body).toEqual({
      model: 'gpt-fake',
      messages: [
        { role: 'system', content: 'x-anthropic-billing-header: cc_version=2\nYou are Claude Code.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>be brief</system-reminder>' },
            { type: 'text', text: 'hi' },
          ],
        },
      ],
      max_tokens: 32000,
      stream: true,
      stream_options: { include_usage: true },
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.input_schema } },
      ],
      // Over OpenAI's 64 characters: hashed to a stable id, not dropped.
      user: `uid-${fnv1a64Hex(claudeCodeUserId)}`,
    });
  });

  // Claude Code's Read on a PNG answers with an image inside the tool_result.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const readShot = (model: string) =>
    sdk1.messages.create({
      model,
      max_tokens: 100,
      tools: [{ name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }],
      messages: [
        { role: 'user', content: 'what is in shot.png?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_read', name: 'Read', input: { file_path: 'shot.png' } }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_read',
              content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }],
            },
          ],
        },
      ],
    });

  it('an image inside a tool result reaches Gemini as inlineData after the functionResponse', async () => {
    gm.script({ kind: 'text', text: 'A single pixel.' });
    await readShot('to-gemini');
    expect((gm.received.at(-1)!.body.contents as unknown[]).at(-1)).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'Read', id: 'toolu_read', response: { result: '' } } },
        { inlineData: { mimeType: 'image/png', data: png } },
      ],
    });
  });

  it('an image inside a tool result reaches Ollama in the images of the user message after the tool message', async () => {
    ol.script({ kind: 'text', text: 'A single pixel.' });
    await readShot('to-ollama');
    expect((ol.received.at(-1)!.body.messages as unknown[]).slice(-2)).toEqual([
      { role: 'tool', content: '', tool_name: 'Read' },
      { role: 'user', content: '', images: [png] },
    ]);
  });
});
