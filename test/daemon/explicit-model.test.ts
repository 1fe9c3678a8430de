// A client that names provider/model through a real daemon: a provider that is not configured is a
// 404 in the client's format (and `router resolve` agrees), a model the request's needs rule out is
// a 400 with the reason, and a model priced by the engine's catalog lookup is recorded at that price.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { ledgerEntry } from '../helpers/ledger.js';

let up: FakeUpstream;
let d: RunningDaemon;

beforeAll(async () => {
  up = await startFakeUpstream();
  d = await startDaemon(`
providers:
  work: { type: openai-compatible, baseUrl: "${up.url}" }
models:
  "work/gpt-3.5-turbo": { vision: false, tools: true }
routes:
  main: { strategy: ordered, targets: [work/gpt-4o] }
defaultRoute: main
`);
});
afterAll(async () => {
  await d?.stop();
  await up?.close();
});

const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };

async function post(path: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${d.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('a provider/model whose provider is not configured', () => {
  it('is a 404 to an OpenAI client, and no other model answers', async () => {
    const before = up.received.length;
    const r = await post('/v1/chat/completions', { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({
      code: 'model_not_found',
      message: expect.stringContaining('provider "openai" is not configured'),
    });
    expect(up.received.length).toBe(before);
  });

  it('is a 404 not_found_error to an Anthropic client', async () => {
    const r = await post('/v1/messages', { model: 'openai/gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('is unknown to `router resolve` (exit 4), never shown as up', async () => {
    const r = await cli(d.home, ['resolve', 'openai/gpt-4o']);
    expect(r.exitCode).toBe(4);
    expect(String(r.stdout)).not.toMatch(/\bup\b/);
  });
});

describe('a provider/model the request cannot use', () => {
  it('is refused with the reason, not sent to the default route', async () => {
    const before = up.received.length;
    const r = await post('/v1/chat/completions', {
      model: 'work/gpt-3.5-turbo',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image] }],
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_request_error', message: 'work/gpt-3.5-turbo: no vision (request has images)' });
    expect(up.received.length).toBe(before);
  });
});

describe('cost of a direct provider/model', () => {
  it('is recorded at the price the engine finds for it (the catalog entry of its model)', async () => {
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'work/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const entry = await ledgerEntry(d.home, res.headers.get('x-router-decision')!);
    // The fake upstream reports 11 tokens in and 7 out; gpt-4o-mini costs $0.15 / $0.60 per million.
    const expected = (11 * 0.15 + 7 * 0.6) / 1e6;
    expect(entry?.attempts[0]?.costUsd).toBeCloseTo(expected, 12);
    expect(entry?.request.costUsd).toBeCloseTo(expected, 12);
  });
});
