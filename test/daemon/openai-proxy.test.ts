// The OpenAI data plane end to end: the official `openai` SDK -> a real daemon process -> fake
// upstreams that speak OpenAI's wire format and inject faults. Asserts client bytes, headers,
// ledger rows and routing state.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { deadPort, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { attemptsFor } from '../helpers/ledger.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let a: FakeUpstream;
let b: FakeUpstream;
let d: RunningDaemon;
let client: OpenAI;
let rpc: DaemonClient;

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
  const dead = await deadPort();
  d = await startDaemon(`
providers:
  a: { type: openai-compatible, baseUrl: "${a.url}", firstByteTimeoutMs: 800 }
  b: { type: openai-compatible, baseUrl: "${b.url}" }
  gone: { type: openai-compatible, baseUrl: "http://127.0.0.1:${dead}/v1" }
routes:
  main: { strategy: ordered, targets: [a/model-a, b/model-b] }
  solo: { targets: [a/model-a] }
  down-first: { strategy: ordered, targets: [gone/m, b/model-b] }
defaultRoute: main
limits: { maxBodyBytes: 20000 }
`);
  client = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([a?.close(), b?.close()]);
});
beforeEach(async () => {
  a.script({ kind: 'text', text: 'answer from a' });
  b.script({ kind: 'text', text: 'answer from b' });
  await rpc.call('state.reset');
});

const ask = [{ role: 'user' as const, content: 'hello there' }];

async function rawStream(body: object): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('OpenAI clients through the router', () => {
  it('non-streaming: the answer, router headers, and only `model` rewritten upstream', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'auto', messages: ask, temperature: 0.3 }).withResponse();
    expect(data.choices[0]!.message.content).toBe('answer from a');
    expect(response.headers.get('x-router-target')).toBe('a/model-a');
    expect(response.headers.get('x-router-route')).toBe('main');
    expect(response.headers.get('x-router-attempts')).toBe('1');
    const sent = a.received.at(-1)!;
    expect(sent.body).toEqual({ model: 'model-a', messages: ask, temperature: 0.3 });
    const rows = await attemptsFor(d.home, response.headers.get('x-router-decision')!, 1);
    expect(rows).toEqual([{ seq: 1, target: 'a/model-a', outcome: 'ok', error_class: null, status: null }]);
  });

  it('streaming: finalChatCompletion succeeds and the usage chunk requested for the ledger stays hidden', async () => {
    const final = await client.chat.completions.stream({ model: 'main', messages: ask }).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('answer from a');
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(a.received.at(-1)!.body.stream_options).toEqual({ include_usage: true });

    const raw = await rawStream({ model: 'main', stream: true, messages: ask });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(raw.text).not.toContain('"choices":[]');
    expect(raw.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('include_usage: exactly one usage chunk right before [DONE]', async () => {
    const raw = await rawStream({ model: 'main', stream: true, stream_options: { include_usage: true }, messages: ask });
    const events = raw.text.split('\n\n').filter(Boolean);
    expect(events.filter((e) => e.includes('"choices":[]'))).toHaveLength(1);
    expect(events.at(-2)).toContain('"usage":{"prompt_tokens":11');
    expect(events.at(-1)).toBe('data: [DONE]');
  });

  it('streams a tool call the SDK reassembles', async () => {
    a.script({ kind: 'tool', name: 'get_weather', args: '{"city":"Oslo","unit":"c"}' });
    const final = await client.chat.completions
      .stream({
        model: 'main',
        messages: ask,
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      })
      .finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call).toMatchObject({
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"c"}' },
    });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });
});

describe('same-request failover (before the first content byte only)', () => {
  it('first target 503: the second answers, 2 attempts recorded, the first cools down', async () => {
    a.script({ kind: 'status', status: 503 });
    const { data, response } = await client.chat.completions.create({ model: 'main', messages: ask }).withResponse();
    expect(data.choices[0]!.message.content).toBe('answer from b');
    expect(response.headers.get('x-router-attempts')).toBe('2');
    expect(response.headers.get('x-router-target')).toBe('b/model-b');
    const rows = await attemptsFor(d.home, response.headers.get('x-router-decision')!, 2);
    expect(rows.map((r) => [r.target, r.outcome, r.error_class, r.status])).toEqual([
      ['a/model-a', 'failed', 'server', 503],
      ['b/model-b', 'ok', null, null],
    ]);
    const status = await rpc.call('status');
    expect(status.cooldowns.map((c) => [c.key, c.reason])).toEqual([['a/model-a', 'server']]);
    // While a cools down, the next request goes straight to b.
    const next = await client.chat.completions.create({ model: 'main', messages: ask }).withResponse();
    expect(next.response.headers.get('x-router-attempts')).toBe('1');
    expect(next.response.headers.get('x-router-target')).toBe('b/model-b');
  });

  it.each([
    ['429 rate limit', { kind: 'status', status: 429 } as const, 'rate_limit'],
    ['500', { kind: 'status', status: 500 } as const, 'server'],
    [
      '529 overloaded',
      { kind: 'status', status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'busy' } } } as const,
      'overloaded',
    ],
    ['stall before the first byte', { kind: 'stall' } as const, 'timeout'],
    ['malformed SSE', { kind: 'malformed-sse' } as const, 'stream_broken'],
    ['stream that stalls after the role chunk', { kind: 'stall-after-role' } as const, 'timeout'],
    [
      '401 (credentials)',
      {
        kind: 'status',
        status: 401,
        body: { error: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'bad key' } },
      } as const,
      'auth',
    ],
  ])('streaming, first target fails with %s: the client gets b', async (_n, fault, errorClass) => {
    a.script(fault);
    const res = await rawStream({ model: 'main', stream: true, messages: ask });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-router-target')).toBe('b/model-b');
    expect(res.text).toContain('answer ');
    expect(res.text).not.toContain('"error"');
    const rows = await attemptsFor(d.home, res.headers.get('x-router-decision')!, 2);
    expect(rows[0]).toMatchObject({ target: 'a/model-a', outcome: 'failed', error_class: errorClass });
  });

  it('connection refused fails over', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'down-first', messages: ask }).withResponse();
    expect(data.choices[0]!.message.content).toBe('answer from b');
    const rows = await attemptsFor(d.home, response.headers.get('x-router-decision')!, 2);
    expect(rows[0]).toMatchObject({ target: 'gone/m', error_class: 'connect' });
  });

  it('a 401 cools down the whole provider', async () => {
    a.script({
      kind: 'status',
      status: 401,
      body: { error: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'bad key' } },
    });
    await client.chat.completions.create({ model: 'main', messages: ask });
    const status = await rpc.call('status');
    const cd = status.cooldowns.find((c) => c.key === 'a')!;
    expect(cd.reason).toBe('auth');
    expect(Date.parse(cd.until) - Date.now()).toBeGreaterThan(3000 * 1000);
  });

  it('an invalid request (400) is returned as it is, without failover', async () => {
    a.script({
      kind: 'status',
      status: 400,
      body: { error: { message: 'temperature too high', type: 'invalid_request_error', param: 'temperature', code: null } },
    });
    const before = b.received.length;
    const err = await client.chat.completions.create({ model: 'main', messages: ask }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('temperature too high');
    expect(b.received.length).toBe(before);
  });

  it('all attempts rate limited: 429 with retry-after and x-router-attempts', async () => {
    a.script({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const res = await rawStream({ model: 'solo', messages: ask });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-router-attempts')).toBe('1');
    expect(JSON.parse(res.text).error.type).toBe('rate_limit_error');
  });

  it('after the first content byte: a reset is reported in-stream, with no fake finish and no [DONE]', async () => {
    a.script({ kind: 'reset-mid-stream', text: 'partial answer' });
    const res = await rawStream({ model: 'main', stream: true, messages: ask });
    expect(res.headers.get('x-router-target')).toBe('a/model-a');
    expect(res.text).toContain('partial answer');
    const last = res.text.trim().split('\n\n').at(-1)!;
    expect(JSON.parse(last.slice('data: '.length)).error.message).toContain('mid-stream');
    expect(res.text).not.toContain('"finish_reason":"stop"');
    expect(res.text).not.toContain('data: [DONE]');
    await rpc.call('state.reset');
    const err = await client.chat.completions
      .stream({ model: 'main', messages: ask })
      .finalChatCompletion()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
  });

  it('EOF without [DONE] after content is an in-stream error', async () => {
    a.script({ kind: 'eof-without-done', text: 'cut short' });
    const res = await rawStream({ model: 'main', stream: true, messages: ask });
    expect(res.text).toContain('cut short');
    expect(res.text).toContain('"error"');
    expect(res.text).not.toContain('data: [DONE]');
  });
});

describe('bad input gets a clear OpenAI error and the daemon stays up', () => {
  it.each([
    ['malformed JSON', '{"model":', 400, /not valid JSON/],
    ['missing messages', '{"model":"auto"}', 400, /messages/],
    ['wrong type', '{"model":"auto","messages":[{"role":"user","content":5}]}', 400, /content/],
    ['unknown model', '{"model":"nope","messages":[{"role":"user","content":"x"}]}', 404, /nope/],
    ['too large', JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'x'.repeat(30000) }] }), 413, /limit/],
  ])('%s', async (_n, body, status, message) => {
    const res = await fetch(`${d.url}/v1/chat/completions`, { method: 'POST', body });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { message: string } };
    expect(json.error.message).toMatch(message);
    expect((await fetch(`${d.url}/healthz`)).status).toBe(200);
  });

  it('lists models in the OpenAI shape, with and without /v1', async () => {
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['auto', 'main', 'solo', 'a/model-a', 'b/model-b']));
    const bare = await fetch(`${d.url}/models`);
    expect(((await bare.json()) as { object: string }).object).toBe('list');
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${d.url}/metrics`)).text();
    expect(text).toMatch(/router_requests_total\{route="main",status="2xx"\} \d+/);
    expect(text).toContain('router_time_to_first_token_seconds_bucket');
  });
});
