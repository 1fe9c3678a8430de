// Which target the executor tries next, through a real daemon: every target passed over is named in
// the decision's notes (`router explain`), and a request no format can carry is the client's 400 at
// once, charged to no target.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { ledgerEntry } from '../helpers/ledger.js';

let up: FakeUpstream;
let an: FakeAnthropic;
let d: RunningDaemon;
let rpc: DaemonClient;

beforeAll(async () => {
  [up, an] = await Promise.all([startFakeUpstream(), startFakeAnthropic()]);
  d = await startDaemon(`
providers:
  x: { type: openai-compatible, baseUrl: "${up.url}" }
  an: { type: anthropic, baseUrl: "${an.url}/v1", apiKey: sk-test }
  weak: { type: simulated, simulate: { text: "Not sure. ESCALATE" } }
  weak2: { type: simulated, simulate: { text: "Also not sure. ESCALATE" } }
  big: { type: simulated, simulate: { text: "A complete answer from the strong model, with enough words to pass." } }
models:
  "x/small": { contextWindow: 8192, tier: basic }
  "x/mid": { contextWindow: 8192, tier: standard }
  "x/large": { contextWindow: 128000, tier: strong }
  "weak/m": { tier: basic }
  "weak2/m": { tier: basic }
  "big/m": { tier: premium }
routes:
  windows: { strategy: ordered, targets: [x/small, x/mid, x/large] }
  esc: { strategy: ordered, escalate: true, targets: [weak/m, weak2/m, big/m] }
  mixed: { strategy: ordered, targets: [an/claude-fake, x/large] }
defaultRoute: windows
failover:
  escalate: { marker: ESCALATE }
`);
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([up?.close(), an?.close()]);
});
beforeEach(async () => {
  await rpc.call('state.reset');
});

async function chat(body: object): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const ask = [{ role: 'user', content: 'hello' }];
const overflow = {
  kind: 'status',
  status: 400,
  body: {
    error: {
      message: "This model's maximum context length is 8192 tokens",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    },
  },
} as const;

describe('targets passed over are explained', () => {
  it('after a context overflow, a window no larger is skipped, and explain says so', async () => {
    up.script(overflow, { kind: 'text', text: 'answer from the large window' });
    const before = up.received.length;
    const r = await chat({ model: 'windows', messages: ask });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-router-target')).toBe('x/large');
    expect(up.received.slice(before).map((q) => q.body.model)).toEqual(['small', 'large']);
    const id = r.headers.get('x-router-decision')!;
    const explain = await cli(d.home, ['explain', id]);
    expect(explain.exitCode).toBe(0);
    expect(String(explain.stdout)).toContain('note: skipped x/mid: context window 8192 ≤ 8192 needed (x/small overflowed)');
  });

  it('after an answer held for escalation, a target no stronger is skipped, with a note', async () => {
    const r = await chat({ model: 'esc', messages: ask });
    expect(r.headers.get('x-router-target')).toBe('big/m');
    const decision = await rpc.call('decision.get', { id: r.headers.get('x-router-decision')! });
    expect((decision.trace as { notes: string[] }).notes).toEqual([
      'escalated from weak/m: answer contains the marker "ESCALATE"',
      'skipped weak2/m: not stronger than held weak/m (tier basic, held basic)',
    ]);
  });
});

describe('a request the target format cannot carry', () => {
  it('is a 400 to the client at once: no failover, nothing charged to the target', async () => {
    const [upBefore, anBefore] = [up.received.length, an.received.length];
    const r = await chat({ model: 'mixed', n: 2, messages: ask });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/more than one choice/) });
    expect(up.received.length).toBe(upBefore);
    expect(an.received.length).toBe(anBefore);
    const status = await rpc.call('status');
    expect(status.cooldowns).toEqual([]);
    expect((await rpc.call('circuit.list')).circuits).toEqual([]);
    const entry = await ledgerEntry(d.home, r.headers.get('x-router-decision')!);
    expect(entry?.request).toMatchObject({ status: 400, outcome: 'error' });
    // No attempt row: the stats' failure counts and drift never see the target fail.
    expect(entry?.attempts).toEqual([]);
    expect((entry?.request.trace as { notes: string[] }).notes).toContainEqual(
      expect.stringMatching(/^refused before sending to an\/claude-fake: .*more than one choice/),
    );
  });
});
