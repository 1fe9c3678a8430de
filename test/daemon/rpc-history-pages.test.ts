// Heavy control-socket calls cannot stall the data plane: `events.history` answers in pages with a
// hard cap (the CLI follows the pages), and a caller that does not read its replies is dropped once
// its backlog passes the limit, while HTTP traffic goes on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { openStore } from '../../src/store/store.js';
import { attempt, request } from '../store/fixtures.js';
import { cli, startDaemon, tempHome, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const SEEDED = 2500;
let d: RunningDaemon;
let rpc: DaemonClient;

beforeAll(async () => {
  // A ledger with history already in it (written before the daemon starts: quicker than 2,500 requests).
  const home = tempHome();
  const store = openStore(join(home, 'router.db'));
  const start = Date.now() - 30 * 60_000;
  for (let i = 0; i < SEEDED; i++) {
    const id = `seed-${i}`;
    const ts = start + Math.floor(i / 4); // four to a millisecond: pages must split ties
    store.ledger.enqueue(request({ decisionId: id, ts }), [attempt({ decisionId: id, ts })]);
  }
  store.close();
  d = await startDaemon('providers:\n  sim: { type: simulated }\nroutes:\n  main: { targets: [sim/echo] }\ndefaultRoute: main\n', home);
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
});

const requestIds = (events: Array<{ type: string; decisionId?: string }>) =>
  events.filter((e) => e.type === 'request').map((e) => e.decisionId!);
const seededIds = Array.from({ length: SEEDED }, (_, i) => `seed-${i}`);

describe('events.history pages', () => {
  it('returns every request exactly once across pages, and says when there are no more', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await rpc.call('events.history', { sinceMs: 0, limit: 333, after });
      pages++;
      ids.push(...requestIds(page.events));
      if (page.next === null) break;
      after = page.next;
    }
    expect(ids).toEqual(seededIds);
    expect(pages).toBe(Math.ceil(SEEDED / 333));
  });

  it('refuses a page larger than the cap', async () => {
    await expect(rpc.call('events.history', { sinceMs: 0, limit: 100_000 })).rejects.toThrow(/invalid params for events.history: limit/);
  });

  it('router events --since follows the pages (more requests than one page holds)', async () => {
    const all = await cli(d.home, ['events', '--since', '2h', '--limit', '100000', '--json']);
    expect(all.exitCode).toBe(0);
    expect(requestIds(JSON.parse(all.stdout))).toEqual(seededIds);
    const some = await cli(d.home, ['events', '--since', '2h', '--limit', '1500']);
    expect(requestIds(some.stdout.split('\n').map((l) => JSON.parse(l)))).toEqual(seededIds.slice(0, 1500));
  });
});

describe('a batch of heavy calls', () => {
  it('runs only while its reply stays bounded; the rest are answered TooLarge, not run', async () => {
    const ws = new WebSocket(`ws+unix:${d.socket}:/`, { maxPayload: 0 });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    ws.send(
      JSON.stringify(
        Array.from({ length: 40 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'events.history', params: { sinceMs: 0, limit: 10_000 } })),
      ),
    );
    const replies = JSON.parse(await reply) as Array<{ id: number; result?: unknown; error?: { code: number } }>;
    ws.close();
    expect(replies.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const ran = replies.filter((r) => r.result !== undefined).length;
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(40);
    expect(replies.slice(ran).every((r) => r.error?.code === -32013)).toBe(true);
  });
});

describe('a caller that does not read its replies', () => {
  it('is dropped past the backlog limit, and the data plane keeps answering', async () => {
    const ws = new WebSocket(`ws+unix:${d.socket}:/`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let closed = false;
    ws.on('close', () => (closed = true));
    ws.on('error', () => {});
    // Stop reading: the daemon's replies pile up in its send buffer.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let id = 1; id <= 60; id++)
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'events.history', params: { sinceMs: 0, limit: 10_000 } }));
    const log = () => readFileSync(join(d.home, 'routerd.log'), 'utf8');
    await waitFor(() => log().includes('rpc.connection_dropped'), 30_000);
    expect(log()).toContain('caller does not read its replies');
    // The daemon still answers HTTP and well-behaved callers.
    expect((await fetch(`${d.url}/healthz`)).status).toBe(200);
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect((await rpc.call('status')).pid).toBe(d.pid);
    // Reading again, the dropped caller finds its connection closed.
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => closed);
  });
});
