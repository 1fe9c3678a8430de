// Virtual keys, the exact response cache and provider limits against a real daemon, a real SQLite
// ledger and a fake OpenAI-format upstream, seen through the official openai and Anthropic SDKs:
// 401 / 403 / 402 / 429-with-retry-after in each client's own error format, never charged to the
// provider; a cache hit replayed whole and as a stream, at zero cost, never past a key's limits;
// a provider at its concurrency failing over instead of queueing past its deadline.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import type { KeySecretDTO, StatsDTO } from '../../src/protocol/index.js';
import { ledgerEntry } from '../helpers/ledger.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { json, sse, startScriptedUpstream, type Received, type Reply, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { openAiUpstream } from '../wire/helpers/streams.js';

let up: ScriptedUpstream;
let slow: ScriptedUpstream;
let d: RunningDaemon;
let rpc: DaemonClient;

// 30 tokens at $1000 per million: $0.03 per answered request.
const usage = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };

function answer(r: Received): Reply {
  const text = `echo: ${JSON.stringify((r.body.messages as Array<{ content: unknown }>)?.at(-1)?.content ?? '')}`;
  if (r.body.stream === true)
    return sse([
      openAiUpstream([{ delta: { role: 'assistant', content: '' } }]),
      openAiUpstream([{ delta: { content: text } }]),
      openAiUpstream([{ finish: 'stop' }, { usage }, null]),
    ]);
  return json({
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-fake',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
    usage,
  });
}

beforeAll(async () => {
  [up, slow] = await Promise.all([startScriptedUpstream(answer), startScriptedUpstream((r) => ({ ...answer(r), gapMs: 0 }))]);
  d = await startDaemon(`
auth: { required: true }
cache: { enabled: true, ttlSeconds: 600 }
providers:
  oa: { type: openai-compatible, baseUrl: "${up.origin}/v1" }
  slow: { type: openai-compatible, baseUrl: "${slow.origin}/v1", concurrency: 1, queueTimeoutMs: 150 }
models:
  oa/gpt-fake: { price: { input: 1000, output: 1000 } }
routes:
  main: { strategy: ordered, targets: [oa/gpt-fake], cache: true }
  other: { strategy: ordered, targets: [oa/gpt-fake] }
  limited: { strategy: ordered, targets: [slow/gpt-slow, oa/gpt-fake] }
defaultRoute: main
`);
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([up?.close(), slow?.close()]);
});

async function createKey(...args: string[]): Promise<KeySecretDTO> {
  const r = await cli(d.home, ['keys', 'create', ...args, '--json']);
  expect(r.exitCode ?? 0).toBe(0);
  return JSON.parse(r.stdout) as KeySecretDTO;
}

const openai = (key: string) => new OpenAI({ baseURL: `${d.url}/v1`, apiKey: key, maxRetries: 0 });
const anthropic = (key: string) => new Anthropic({ baseURL: d.url, apiKey: key, maxRetries: 0 });
const ask = (content: string, model = 'main') => ({ model, messages: [{ role: 'user' as const, content }], temperature: 0 });

describe('virtual keys', () => {
  it('prints the secret once, stores it masked, and refuses unknown, missing and revoked keys with 401', async () => {
    const k = await createKey('alice');
    expect(k.key).toMatch(/^sk-router-[A-Za-z0-9_-]{43}$/);
    expect(k.masked).toBe(`sk-…${k.key.slice(-4)}`);
    const list = await cli(d.home, ['keys', 'list']);
    expect(list.stdout).toContain('alice');
    expect(list.stdout).toContain(k.masked);
    expect(list.stdout).not.toContain(k.key);

    await expect(openai(k.key).chat.completions.create(ask('hello'))).resolves.toMatchObject({ object: 'chat.completion' });
    await expect(openai('sk-router-nope').chat.completions.create(ask('hello'))).rejects.toMatchObject({ status: 401 });
    const noKey = await fetch(`${d.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(ask('hello')) });
    expect(noKey.status).toBe(401);

    const revoked = await cli(d.home, ['keys', 'revoke', 'alice', '--json']);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ name: 'alice', status: 'revoked' });
    await expect(openai(k.key).chat.completions.create(ask('hello'))).rejects.toMatchObject({ status: 401 });
    // The Anthropic SDK sends x-api-key and reads Anthropic's error body.
    await expect(anthropic(k.key).messages.create({ ...ask('hello'), max_tokens: 50 })).rejects.toMatchObject({
      status: 401,
      error: { type: 'error', error: { type: 'authentication_error' } },
    });
  });

  it('rotate: the old secret stops working at once, the new one works', async () => {
    const k = await createKey('bob');
    const r = await cli(d.home, ['keys', 'rotate', 'bob', '--json']);
    const rotated = JSON.parse(r.stdout) as KeySecretDTO;
    expect(rotated.key).not.toBe(k.key);
    await expect(openai(k.key).chat.completions.create(ask('rotate'))).rejects.toMatchObject({ status: 401 });
    await expect(openai(rotated.key).chat.completions.create(ask('rotate'))).resolves.toBeTruthy();
  });

  it('over its rpm a key gets 429 with retry-after (seen by the openai SDK), and the provider is not charged', async () => {
    const k = await createKey('carol', '--rpm', '2');
    const client = openai(k.key);
    const before = up.received.length;
    // Fixed minute windows: these tests take well under two seconds, so they start after a window turns
    // rather than run across one.
    const second = new Date().getSeconds();
    if (second >= 58) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    await client.chat.completions.create(ask('rpm 1', 'other'));
    await client.chat.completions.create(ask('rpm 2', 'other'));
    const err = (await client.chat.completions.create(ask('rpm 3', 'other')).catch((e: unknown) => e)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.status).toBe(429);
    const retryAfter = Number(err.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(up.received.length - before).toBe(2);
    const status = await rpc.call('status');
    expect(status.cooldowns).toEqual([]);
    expect(status.openCircuits).toEqual([]);
  });

  it('under 50 concurrent clients a key with --rpm 20 gets exactly 20 answers in its window', async () => {
    const k = await createKey('judy', '--rpm', '20');
    const second = new Date().getSeconds();
    if (second >= 58) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${d.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' },
          body: JSON.stringify(ask(`burst ${i}`, 'other')),
        }).then(async (r) => (await r.arrayBuffer(), r.status)),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });

  it('under 50 concurrent clients a budget admits only what its reservations allow', async () => {
    // max_tokens 100 reserves ~$0.10 at $1000 per million: one request in flight fills a $0.10 budget.
    const k = await createKey('kate', '--budget', '0.1');
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${d.url}/v1/messages`, {
          method: 'POST',
          headers: { 'x-api-key': k.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model: 'other', max_tokens: 100, messages: [{ role: 'user', content: `spend ${i}` }] }),
        }).then(async (r) => (await r.arrayBuffer(), r.status)),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 402)).toHaveLength(49);
    const shown = JSON.parse((await cli(d.home, ['keys', 'show', 'kate', '--json'])).stdout);
    expect(shown.spentUsd).toBeCloseTo(0.03, 6);
    expect(shown.reservedUsd).toBe(0);
  });

  it('a route the key may not use is 403', async () => {
    const k = await createKey('dave', '--routes', 'main');
    await expect(openai(k.key).chat.completions.create(ask('forbidden', 'other'))).rejects.toMatchObject({ status: 403 });
    await expect(openai(k.key).chat.completions.create(ask('allowed', 'main'))).resolves.toBeTruthy();
  });

  it('over its budget a key gets 402 in the Anthropic error format, and its spend shows in keys show', async () => {
    const k = await createKey('erin', '--budget', '0.02');
    const client = anthropic(k.key);
    // The first request is admitted (nothing spent, nothing reserved) and costs $0.03.
    await client.messages.create({ model: 'other', max_tokens: 20, messages: [{ role: 'user', content: 'budget 1' }] });
    const err = (await client.messages
      .create({ model: 'other', max_tokens: 20, messages: [{ role: 'user', content: 'budget 2' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(err.status).toBe(402);
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'billing_error' } });
    const shown = JSON.parse((await cli(d.home, ['keys', 'show', 'erin', '--json'])).stdout);
    expect(shown).toMatchObject({ name: 'erin', budgetUsd: 0.02, budgetPeriod: 'daily', reservedUsd: 0 });
    expect(shown.spentUsd).toBeCloseTo(0.03, 6);
  });
});

describe('the exact response cache', () => {
  it('a repeated request is a hit: no upstream call, x-router-cache: hit, zero cost in the ledger', async () => {
    const k = await createKey('frank');
    const client = openai(k.key);
    const before = up.received.length;
    const first = await client.chat.completions.create(ask('cache me')).withResponse();
    expect(first.response.headers.get('x-router-cache')).toBe('miss');
    await new Promise((r) => setTimeout(r, 50)); // the store happens after the answer
    const second = await client.chat.completions.create(ask('cache me')).withResponse();
    expect(second.response.headers.get('x-router-cache')).toBe('hit');
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect(up.received.length - before).toBe(1);
    const hitId = second.response.headers.get('x-router-decision')!;
    const entry = await ledgerEntry(d.home, hitId);
    expect(entry?.request).toMatchObject({ costUsd: 0, status: 200, outcome: 'ok', target: 'oa/gpt-fake', attempts: 0 });

    // The same question streamed is the same answer, replayed as a stream the SDK parses.
    const stream = await client.chat.completions.create({ ...ask('cache me'), stream: true }).withResponse();
    expect(stream.response.headers.get('x-router-cache')).toBe('hit');
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(first.data.choices[0]?.message.content);
    expect(up.received.length - before).toBe(1);

    // A sampled request is not cached by default.
    const sampled = await client.chat.completions.create({ ...ask('cache me'), temperature: 0.7 }).withResponse();
    expect(sampled.response.headers.get('x-router-cache')).toBeNull();
  });

  it('a streamed answer is stored and replayed as a stream to the Anthropic SDK', async () => {
    const k = await createKey('gina');
    const client = anthropic(k.key);
    const body = { model: 'main', max_tokens: 50, temperature: 0, messages: [{ role: 'user' as const, content: 'stream me' }] };
    const before = up.received.length;
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const s = client.messages.stream(body);
      let text = '';
      s.on('text', (t) => (text += t));
      const final = await s.finalMessage();
      expect(final.stop_reason).toBe('end_turn');
      texts.push(text);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(texts[1]).toBe(texts[0]);
    expect(texts[0]).toContain('stream me');
    expect(up.received.length - before).toBe(1);
  });

  it('a Responses client gets a hit in the Responses format, whole and streamed', async () => {
    const k = await createKey('iris');
    const post = (stream: boolean) =>
      fetch(`${d.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'main', input: 'respond me', temperature: 0, stream }),
      });
    const before = up.received.length;
    const first = await post(false);
    expect(first.headers.get('x-router-cache')).toBe('miss');
    const firstBody = (await first.json()) as { output_text?: string; output: Array<{ content?: Array<{ text?: string }> }> };
    await new Promise((r) => setTimeout(r, 50));
    const hit = await post(false);
    expect(hit.headers.get('x-router-cache')).toBe('hit');
    const hitBody = (await hit.json()) as typeof firstBody;
    expect(hitBody.output[0]?.content?.[0]?.text).toBe(firstBody.output[0]?.content?.[0]?.text);
    const streamed = await post(true);
    expect(streamed.headers.get('x-router-cache')).toBe('hit');
    const events = await streamed.text();
    expect(events).toContain('response.output_text.delta');
    expect(events).toContain('response.completed');
    expect(up.received.length - before).toBe(1);
  });

  it('a cached answer does not skip the key: its rpm still refuses', async () => {
    const k = await createKey('hank', '--rpm', '1');
    const second = new Date().getSeconds();
    if (second >= 58) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    await openai(k.key).chat.completions.create(ask('cache me'));
    await expect(openai(k.key).chat.completions.create(ask('cache me'))).rejects.toMatchObject({ status: 429 });
  });

  it('cache stats and clear', async () => {
    const stats = JSON.parse((await cli(d.home, ['cache', 'stats', '--json'])).stdout);
    expect(stats).toMatchObject({ enabled: true, routes: ['main'] });
    expect(stats.entries).toBeGreaterThanOrEqual(2);
    expect(stats.hits).toBeGreaterThanOrEqual(3);
    const cleared = JSON.parse((await cli(d.home, ['cache', 'clear', '--json'])).stdout);
    expect(cleared.cleared).toBe(stats.entries);
  });
});

describe('provider limits and stats by key', () => {
  it('a provider at its concurrency fails over once the queue deadline passes, and stays healthy', async () => {
    const k = await createKey('ivan');
    // The slow upstream holds its stream open for ~500 ms, past the 150 ms queue deadline.
    slow.script((r) => ({ ...answer(r), gapMs: 250 }));
    const client = openai(k.key);
    const [a, b] = await Promise.all([
      client.chat.completions.create({ ...ask('slow 1', 'limited'), stream: true }).withResponse(),
      new Promise((r) => setTimeout(r, 50)).then(() => client.chat.completions.create(ask('slow 2', 'limited')).withResponse()),
    ]);
    for await (const _ of a.data);
    expect(a.response.headers.get('x-router-target')).toBe('slow/gpt-slow');
    expect(b.response.headers.get('x-router-target')).toBe('oa/gpt-fake');
    const status = await rpc.call('status');
    expect(status.cooldowns).toEqual([]);
  });

  it('router stats --by key groups the ledger by key name', async () => {
    const r = await cli(d.home, ['stats', '--by', 'key', '--json']);
    const stats = JSON.parse(r.stdout) as StatsDTO;
    expect(stats.by).toBe('key');
    const keys = stats.rows.map((row) => row.key);
    expect(keys).toEqual(expect.arrayContaining(['alice', 'carol', 'erin', 'frank']));
    expect(stats.rows.find((row) => row.key === 'erin')?.costUsd).toBeCloseTo(0.03, 6);
    // A key's refusals are in its row too: carol had two answers and one 429.
    expect(stats.rows.find((row) => row.key === 'carol')).toMatchObject({ requests: 3, ok: 2, errors: 1, costUsd: 0.06 });
  });
});
