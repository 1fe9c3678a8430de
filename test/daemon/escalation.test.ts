// Escalation (opt-in per route, whole answers only): a weak answer goes to the next stronger
// target; when none does better, the last valid answer is returned, never an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { attemptsFor } from '../helpers/ledger.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let d: RunningDaemon;
beforeAll(async () => {
  d = await startDaemon(`
providers:
  small: { type: simulated, simulate: { text: "Not sure. ESCALATE" } }
  big: { type: simulated, simulate: { text: "A complete answer from the strong model, with enough words to pass." } }
  broken: { type: simulated, simulate: { text: "never", fault: { status: 503 } } }
models:
  "small/m": { tier: basic }
  "big/m": { tier: premium }
  "broken/m": { tier: premium }
routes:
  esc: { strategy: ordered, escalate: true, targets: [small/m, big/m] }
  esc-broken: { strategy: ordered, escalate: true, targets: [small/m, broken/m] }
  plain: { strategy: ordered, targets: [small/m, big/m] }
failover:
  escalate: { marker: ESCALATE, minTokens: 3 }
`);
});
afterAll(async () => {
  await d.stop();
});

async function ask(model: string, stream = false) {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'why?' }] }),
  });
  return { res, text: await res.text() };
}

describe('escalation', () => {
  it('a marked answer goes to the stronger target, and explain says why', async () => {
    const { res, text } = await ask('esc');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-router-target')).toBe('big/m');
    expect(res.headers.get('x-router-attempts')).toBe('2');
    expect(JSON.parse(text).choices[0].message.content).toMatch(/^A complete answer/);
    const rows = await attemptsFor(d.home, res.headers.get('x-router-decision')!, 2);
    expect(rows.map((r) => [r.target, r.outcome])).toEqual([
      ['small/m', 'ok'],
      ['big/m', 'ok'],
    ]);
    const rpc = await DaemonClient.connect(d.socket);
    const decision = await rpc.call('decision.get', { id: res.headers.get('x-router-decision')! });
    rpc.close();
    expect((decision.trace as { notes: string[] }).notes).toContain('escalated from small/m: answer contains the marker "ESCALATE"');
  });

  it('when the stronger target fails, the weak but valid answer is returned', async () => {
    const { res, text } = await ask('esc-broken');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-router-target')).toBe('small/m');
    expect(JSON.parse(text).choices[0].message.content).toBe('Not sure. ESCALATE');
  });

  it.each([
    ['a route without escalate', 'plain', false],
    ['a streamed answer', 'esc', true],
  ])('%s is not escalated', async (_n, model, stream) => {
    const { res, text } = await ask(model, stream);
    expect(res.headers.get('x-router-target')).toBe('small/m');
    expect(text).toContain('ESCALATE');
  });
});
