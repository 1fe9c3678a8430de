// The ledger's error class agrees with what the client was told: real requests through a real
// daemon to fake upstreams, then the rows read back from the daemon's SQLite ledger.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreReadOnly } from '../../src/store/readonly.js';
import type { LedgerEntry } from '../../src/store/types.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let a: FakeUpstream;
let b: FakeUpstream;
let d: RunningDaemon;

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
  d = await startDaemon(`
providers:
  a: { type: openai-compatible, baseUrl: "${a.url}" }
  b: { type: openai-compatible, baseUrl: "${b.url}" }
routes:
  main: { strategy: ordered, targets: [a/model-a, b/model-b] }
  solo: { targets: [a/model-a] }
defaultRoute: main
`);
});
afterAll(async () => {
  await d?.stop();
  await Promise.all([a?.close(), b?.close()]);
});

async function entry(decisionId: string, attempts: number): Promise<LedgerEntry> {
  const store = openStoreReadOnly(join(d.home, 'router.db'));
  try {
    for (;;) {
      const e = store.ledger.get(decisionId);
      if (e && e.attempts.length >= attempts) return e;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    store.close();
  }
}

async function ask(model: string, stream: boolean): Promise<{ status: number; decision: string; text: string }> {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: res.status, decision: res.headers.get('x-router-decision')!, text: await res.text() };
}

describe('the ledger records the error the client was told', () => {
  it('a 429 answer (rate limit, then a 500 elsewhere) is stored as rate_limit, not server', async () => {
    a.script({ kind: 'status', status: 429 });
    b.script({ kind: 'status', status: 500 });
    const r = await ask('main', false);
    expect(r.status).toBe(429);
    const e = await entry(r.decision, 2);
    expect(e.attempts.map((x) => x.errorClass)).toEqual(['rate_limit', 'server']);
    expect(e.request).toMatchObject({ status: 429, outcome: 'error', errorClass: 'rate_limit' });
  });

  it('a reset after content is stream_broken, not connect', async () => {
    a.script({ kind: 'reset-mid-stream', text: 'partial answer' });
    const r = await ask('solo', true);
    expect(r.text).toContain('partial answer');
    expect(r.text).toContain('mid-stream');
    const e = await entry(r.decision, 1);
    expect(e.attempts[0]).toMatchObject({ outcome: 'failed', errorClass: 'stream_broken' });
    expect(e.request.errorClass).toBe('stream_broken');
  });
});
