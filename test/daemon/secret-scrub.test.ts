// Provider secrets never reach a client: fake upstreams that echo the credential they were sent
// (as real providers do: "Incorrect API key provided: sk-…") in 401/500 bodies and in an in-stream
// error. The client's answer and the daemon's log must hold no trace of any configured secret.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sse, startScriptedUpstream, type Received, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

const OPENAI_KEY = 'sk-canary-openai-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-canary-9876543210fedcba';
const GATEWAY_TOKEN = 'gw-canary-token-5555aaaa';

let o: ScriptedUpstream;
let an: ScriptedUpstream;
let d: RunningDaemon;

/** Everything a careless upstream could echo: the headers it got, and another provider's key. */
const echo = (r: Received): string =>
  `Incorrect API key provided: ${String(r.headers.authorization ?? r.headers['x-api-key'])} (also tried ${ANTHROPIC_KEY}, ${GATEWAY_TOKEN})`;

beforeAll(async () => {
  [o, an] = await Promise.all([
    startScriptedUpstream((r) => json({ error: { message: echo(r) } }, 500)),
    startScriptedUpstream((r) => json({ error: { message: echo(r) } }, 500)),
  ]);
  d = await startDaemon(`
providers:
  o: { type: openai-compatible, baseUrl: "${o.origin}/v1", apiKey: ${OPENAI_KEY} }
  an: { type: anthropic, baseUrl: "${an.origin}", apiKey: ${ANTHROPIC_KEY} }
  gw: { type: openai-compatible, baseUrl: "${o.origin}/v1", headers: { authorization: "Bearer ${GATEWAY_TOKEN}" } }
routes:
  openai: { targets: [o/m] }
  anthropic: { targets: [an/m] }
defaultRoute: openai
`);
});
afterAll(async () => {
  await d?.stop();
  await Promise.all([o?.close(), an?.close()]);
});

const secrets = [OPENAI_KEY, ANTHROPIC_KEY, GATEWAY_TOKEN];
const expectNoSecret = (text: string) => {
  for (const s of secrets) expect(text).not.toContain(s);
};

async function post(path: string, body: object): Promise<{ status: number; text: string }> {
  const res = await fetch(`${d.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('upstream error messages are scrubbed of provider secrets', () => {
  it.each([
    ['401', 401, { error: { type: 'invalid_request_error', code: 'invalid_api_key' } }],
    ['500', 500, { error: { type: 'server_error' } }],
  ])('an HTTP %s body that echoes the key', async (_name, status, shape) => {
    o.script((r) => json({ error: { ...shape.error, message: echo(r) } }, status));
    const r = await post('/v1/chat/completions', { model: 'openai', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(502);
    expect(r.text).toContain('Incorrect API key provided: Bearer [redacted]');
    expectNoSecret(r.text);
    // The upstream really did get (and echo) the key: the scrubbing is the router's.
    expect(o.received.at(-1)!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it('an in-stream error event that echoes the key, after content was sent', async () => {
    an.script((r) =>
      sse([
        `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'm', stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } })}\n\n`,
        `event: content_block_start\ndata: ${JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })}\n\n`,
        `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'partial answer' } })}\n\n`,
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: echo(r) } })}\n\n`,
      ]),
    );
    const r = await post('/v1/messages', { model: 'anthropic', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(r.text).toContain('partial answer');
    expect(r.text).toContain('mid-stream');
    expect(r.text).toContain('Incorrect API key provided: [redacted]');
    expectNoSecret(r.text);
    expect(an.received.at(-1)!.headers['x-api-key']).toBe(ANTHROPIC_KEY);
  });

  it('and the daemon log holds none of them', () => {
    expectNoSecret(readFileSync(join(d.home, 'routerd.log'), 'utf8'));
  });
});
