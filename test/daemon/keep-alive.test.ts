// Streams whose upstream is slow to start get keep-alives (PROTOCOLS 2.7, 3.6): Anthropic `ping`
// events and SSE comments for OpenAI clients, after limits.keepAliveMs without content. Failover
// still works behind them, and an error after them travels inside the stream.
import Anthropic from '@anthropic-ai/sdk';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { attemptsFor } from '../helpers/ledger.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';
import { sse, startScriptedUpstream, type Reply, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { events, openAiUpstream } from '../wire/helpers/streams.js';

let slow: ScriptedUpstream;
let stuck: ScriptedUpstream;
let fast: ScriptedUpstream;
let jsonLate: ScriptedUpstream;
let d: RunningDaemon;
let rpc: DaemonClient;

/** An answer whose first content comes `delayMs` after the role chunk. */
const delayed = (text: string, delayMs: number): Reply =>
  sse(
    [
      openAiUpstream([{ delta: { role: 'assistant', content: '' } }]),
      openAiUpstream([
        { delta: { content: text } },
        { finish: 'stop' },
        { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
        null,
      ]),
    ],
    { gapMs: delayMs },
  );

beforeAll(async () => {
  [slow, stuck, fast, jsonLate] = await Promise.all([
    startScriptedUpstream(() => delayed('worth the wait', 350)),
    startScriptedUpstream(() => sse([openAiUpstream([{ delta: { role: 'assistant', content: '' } }])], { finish: 'hang' })),
    startScriptedUpstream(() => delayed('from the backup', 0)),
    // Ignores `stream: true` and answers late with a whole JSON body.
    startScriptedUpstream(() => ({
      headers: { 'content-type': 'application/json' },
      chunks: [
        '',
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'late' } }],
        }),
      ],
      gapMs: 350,
    })),
  ]);
  d = await startDaemon(`
limits: { keepAliveMs: 100 }
providers:
  slow: { type: openai-compatible, baseUrl: "${slow.origin}/v1" }
  stuck: { type: openai-compatible, baseUrl: "${stuck.origin}/v1", firstByteTimeoutMs: 350 }
  fast: { type: openai-compatible, baseUrl: "${fast.origin}/v1" }
  late: { type: openai-compatible, baseUrl: "${jsonLate.origin}/v1" }
routes:
  slow: { strategy: ordered, targets: [slow/m] }
  failover: { strategy: ordered, targets: [stuck/m, fast/m] }
  dead-end: { strategy: ordered, targets: [stuck/m] }
  json-late: { strategy: ordered, targets: [late/m] }
defaultRoute: slow
`);
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([slow?.close(), stuck?.close(), fast?.close(), jsonLate?.close()]);
});
beforeEach(async () => {
  await rpc.call('state.reset');
});

async function rawStream(path: string, body: object): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${d.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const anthropicBody = (model: string) => ({ model, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] });

describe('keep-alives while the upstream is slow to start', () => {
  it('sends Anthropic ping events before the first content, and the SDK gets the whole message', async () => {
    const raw = await rawStream('/v1/messages', anthropicBody('slow'));
    expect(raw.status).toBe(200);
    const names = events(raw.text).map((e) => e.event);
    const firstStart = names.indexOf('message_start');
    expect(firstStart).toBeGreaterThanOrEqual(1);
    expect(names.slice(0, firstStart).every((n) => n === 'ping')).toBe(true);
    expect(names.at(-1)).toBe('message_stop');

    const sdk = new Anthropic({ baseURL: d.url, apiKey: 'unused', maxRetries: 0 });
    const message = await sdk.messages.stream(anthropicBody('slow') as Anthropic.MessageCreateParamsStreaming).finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'worth the wait' })]);
  });

  it('sends SSE comments to OpenAI clients, which the SDK ignores', async () => {
    const raw = await rawStream('/v1/chat/completions', { model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(raw.text.startsWith(': ping\n\n')).toBe(true);
    expect(raw.text).toContain('worth the wait');
    const sdk = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = sdk.chat.completions.stream({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const done = await stream.finalChatCompletion();
    expect(done.choices[0]?.message.content).toBe('worth the wait');
  });

  it('fails over behind the keep-alives: the stalled target times out and the next one answers', async () => {
    const raw = await rawStream('/v1/messages', anthropicBody('failover'));
    const evs = events(raw.text);
    expect(evs[0]?.event).toBe('ping');
    const text = evs
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => (JSON.parse(e.data) as { delta: { text: string } }).delta.text);
    expect(text.join('')).toBe('from the backup');
    expect(evs.filter((e) => e.event === 'message_start')).toHaveLength(1);
    // The headers left with the first ping, before any target answered.
    expect(raw.headers.get('x-router-target')).toBeNull();
    expect(raw.headers.get('x-router-attempts')).toBeNull();
    const id = raw.headers.get('x-router-decision')!;
    const attempts = await attemptsFor(d.home, id, 2);
    expect(attempts.map((a) => [a.target, a.outcome, a.error_class])).toEqual([
      ['stuck/m', 'failed', 'timeout'],
      ['fast/m', 'ok', null],
    ]);
  });

  it('reports a failure after the keep-alives inside the stream, and the ledger keeps its status', async () => {
    const raw = await rawStream('/v1/messages', anthropicBody('dead-end'));
    expect(raw.status).toBe(200);
    const evs = events(raw.text);
    expect(evs[0]?.event).toBe('ping');
    expect(evs.at(-1)?.event).toBe('error');
    expect(JSON.parse(evs.at(-1)!.data)).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
    expect(evs.some((e) => e.event === 'message_stop')).toBe(false);

    const id = raw.headers.get('x-router-decision')!;
    await attemptsFor(d.home, id, 1);
    const db = new Database(join(d.home, 'router.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT status, outcome FROM requests WHERE decision_id = ?').get(id)).toEqual({ status: 504, outcome: 'error' });
    } finally {
      db.close();
    }
  });

  it('ends the stream with an error when an upstream answers it late with a whole JSON body', async () => {
    const raw = await rawStream('/v1/messages', anthropicBody('json-late'));
    const evs = events(raw.text);
    expect(evs[0]?.event).toBe('ping');
    expect(evs.at(-1)?.event).toBe('error');
    expect((JSON.parse(evs.at(-1)!.data) as { error: { message: string } }).error.message).toContain(
      'answered a stream request with a whole JSON body',
    );
    const health = await fetch(`${d.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
