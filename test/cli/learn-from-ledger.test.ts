// `router learn --from-ledger` end to end: with ledger.capturePrompts on, routed traffic keeps its
// redacted prompts; `router rate` labels them; learning refuses too few labels (saying how many it
// needs and found), then stores a model from the ledger that the next routed request uses, with
// the route's `quality` picking the threshold `router explain` shows.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';

const CONFIG = `providers:
  sim-a: { type: simulated, simulate: { text: "from a" } }
  sim-b: { type: simulated, simulate: { text: "from b" } }
ledger: { capturePrompts: true }
routes:
  main: { strategy: ordered, targets: [sim-a/weak, sim-b/strong], quality: 0.9 }
rules:
  - name: hard-to-strong
    when: { difficulty: hard }
    then: { preferProviders: [sim-b] }
`;
// Words the built-in lists know nothing about, so before learning every prompt is "standard" and
// the weak model answers; the same length, so only the words can tell the two kinds apart. The
// varying word comes from a small set both kinds share: no prompt has a word of its own to memorise.
const shared = ['red', 'tan', 'sky', 'oak', 'elm'];
const prompt = (kind: 'hard' | 'easy', i: number) =>
  `${kind === 'hard' ? 'zorblax quimble frendish' : 'fimble wobbit tarnsome'} ${shared[i % shared.length]}, reply to ops@example.com`;

let d: RunningDaemon;
let rpc: DaemonClient;
const learn = ['learn', '--from-ledger', '--strong', 'sim-b/strong', '--weak', 'sim-a/weak', '--json'];

async function chat(text: string): Promise<{ decision: string; target: string }> {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: text }] }),
  });
  expect(res.status).toBe(200);
  await res.text();
  return { decision: res.headers.get('x-router-decision')!, target: res.headers.get('x-router-target') ?? '' };
}

beforeAll(async () => {
  d = await startDaemon(CONFIG);
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc.close();
  await d.stop();
});

describe('router learn --from-ledger', () => {
  it('says how many labelled requests it needs and how many it found', async () => {
    await chat(prompt('hard', 0));
    const r = await cli(d.home, learn);
    expect(r.exitCode).toBe(2);
    const { error } = JSON.parse(String(r.stdout)) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_params');
    expect(error.message).toMatch(/need at least 50 .* found 0 \(0 failed, 0 did well\) among 1 captured prompts/);
  });

  it('learns from rated traffic; the next routed request uses the model, explain shows score and threshold', async () => {
    for (let i = 1; i <= 30; i++) {
      for (const kind of ['hard', 'easy'] as const) {
        const { decision } = await chat(prompt(kind, i));
        // The weak model answered; the user found its hard answers bad.
        await rpc.call('rating.set', { rating: kind === 'hard' ? 'bad' : 'good', decisionId: decision });
      }
    }
    const stored = JSON.parse(String((await cli(d.home, learn)).stdout)) as { version: number; meta: Record<string, unknown> };
    expect(stored).toMatchObject({ version: 1, meta: { data: 'ledger', labelled: 60, captured: 61, strong: 'sim-b/strong' } });

    const hard = await chat(prompt('hard', 7));
    const easy = await chat(prompt('easy', 8));
    expect(hard.target).toBe('sim-b/strong');
    expect(easy.target).toBe('sim-a/weak');
    const explained = await cli(d.home, ['explain', hard.decision]);
    expect(explained.stdout).toMatch(/difficulty hard \(learned score 0\.\d{3}, threshold 0\.\d{3} for quality 0\.9\)/);
  });

  it('keeps the prompt redacted in the ledger row', () => {
    const db = new Database(join(d.home, 'router.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT prompt FROM requests WHERE prompt IS NOT NULL').all() as Array<{ prompt: string }>;
      expect(rows.length).toBeGreaterThan(60);
      expect(rows.every((r) => r.prompt.includes('reply to [email]') && !r.prompt.includes('@'))).toBe(true);
    } finally {
      db.close();
    }
  });
});
