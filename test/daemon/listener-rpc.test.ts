// The listener's /rpc WebSocket and /ui page against a real daemon: the same JSON-RPC as the
// socket, behind the control token, loopback-only while auth is off, and every action logged.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { cli, tempHome } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

// Listening beyond loopback needs apiKeys (auth on): then peers on the network may use /rpc with the token.
const API_KEY = 'k-1234567890';
const CONFIG = `apiKeys: [${API_KEY}]
providers:
  sim-a: { type: simulated, simulate: { text: "from a" } }
  sim-b: { type: simulated, simulate: { text: "from b" } }
routes:
  main: { targets: [sim-a/one] }
  other: { targets: [sim-b/two] }
`;

let d: { home: string; url: string; pid: number };
let token: string;
let host: string;

beforeAll(async () => {
  const home = tempHome();
  writeFileSync(join(home, 'config.yaml'), CONFIG);
  const started = await cli(home, ['daemon', 'start', '--listen', '0.0.0.0:0', '--json']);
  if (started.exitCode !== 0) throw new Error(started.stdout + started.stderr);
  const s = JSON.parse(started.stdout);
  host = `127.0.0.1:${s.listen.split(':').pop()}`;
  d = { home, url: `http://${host}`, pid: s.pid };
  token = readFileSync(join(home, 'control.token'), 'utf8').trim();
});
afterAll(async () => {
  await cli(d.home, ['daemon', 'stop']);
});

/** Opens /rpc; resolves with the socket, or with the HTTP status the upgrade was refused with. */
function open(opts: { headers?: Record<string, string>; protocols?: string[]; path?: string; origin?: string } = {}) {
  const ws = new WebSocket(`ws://${host}${opts.path ?? '/rpc'}`, opts.protocols ?? [], { headers: opts.headers, origin: opts.origin });
  return new Promise<{ ws: WebSocket; refused?: number }>((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, refused: res.statusCode }));
    ws.once('error', (e) => {
      if (!e.message.startsWith('Unexpected server response')) reject(e);
    });
  });
}

function rpc(ws: WebSocket) {
  let id = 0;
  const events: Array<{ type: string; [k: string]: unknown }> = [];
  const waiting = new Map<number, (m: { result?: unknown; error?: { code: number } }) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.method === 'event') events.push(m.params);
    else waiting.get(m.id)?.(m);
  });
  return {
    events,
    call: (method: string, params: unknown = {}) =>
      // Replies are free-form JSON that the tests probe field by field.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      new Promise<{ result?: any; error?: { code: number } }>((resolve) => {
        waiting.set(++id, resolve);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      }),
  };
}

describe('control RPC on the listener', () => {
  it('keeps the control token in a 0600 file', () => {
    expect(statSync(join(d.home, 'control.token')).mode & 0o777).toBe(0o600);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['no token', {}, 401],
    ['a wrong token', { headers: { authorization: `Bearer ${'0'.repeat(64)}` } }, 401],
    ['a page on another origin', { headers: { authorization: 'Bearer TOKEN' }, origin: 'http://evil.example' }, 403],
    ['another path', { headers: { authorization: 'Bearer TOKEN' }, path: '/ws' }, 404],
  ])('refuses %s before the upgrade', async (_name, opts, status) => {
    const withToken = JSON.parse(JSON.stringify(opts).replace('TOKEN', token));
    const r = await open(withToken);
    expect(r.refused).toBe(status);
  });

  it('answers the socket methods with the Bearer token, and streams events', async () => {
    const { ws } = await open({ headers: { authorization: `Bearer ${token}` }, protocols: ['llm-router.rpc'] });
    const c = rpc(ws);
    expect((await c.call('hello', { protocolVersion: PROTOCOL_VERSION, client: 'test' })).result).toMatchObject({ pid: d.pid });
    expect((await c.call('status')).result).toMatchObject({ pid: d.pid, activeRoute: 'main' });
    expect((await c.call('events.subscribe')).result).toEqual({ subscribed: true });
    const r = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(r.status).toBe(200);
    await waitFor(() => c.events.some((e) => e.type === 'request'), 2000);
    expect(c.events.map((e) => e.type)).toEqual(['decision', 'attempt', 'request']);
    expect(c.events[2]).toMatchObject({ target: 'sim-a/one', status: 200, attempts: 1, costUsd: 0 });
    ws.close();
  });

  it('takes the token as a subprotocol from a same-origin page, logs its actions, never the token', async () => {
    const { ws } = await open({ protocols: ['llm-router.rpc', `bearer.${token}`], origin: `http://${host}` });
    expect(ws.protocol).toBe('llm-router.rpc');
    const c = rpc(ws);
    expect((await c.call('route.switch', { target: 'other' })).result).toEqual({ active: 'other', kind: 'route' });
    expect((await c.call('route.switch', { target: 'nope' })).error?.code).toBe(-32004);
    ws.close();
    await waitFor(() => readFileSync(join(d.home, 'routerd.log'), 'utf8').includes('"rpc.action"'), 3000);
    const log = readFileSync(join(d.home, 'routerd.log'), 'utf8');
    const actions = log
      .split('\n')
      .filter((l) => l.includes('"rpc.action"'))
      .map((l) => JSON.parse(l));
    expect(actions[0]).toMatchObject({ method: 'route.switch', params: { target: 'other' }, via: 'listener', remote: '127.0.0.1' });
    expect(log).not.toContain(token);
    const status = JSON.parse((await cli(d.home, ['status', '--json'])).stdout);
    expect(status.activeRoute).toBe('other');
  });

  it('serves the page with a strict CSP, within its size budget', async () => {
    const page = await fetch(`${d.url}/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    let total = html.length;
    for (const asset of ['/ui/app.js', '/ui/app.css']) {
      const r = await fetch(d.url + asset);
      expect(r.status, asset).toBe(200);
      total += (await r.arrayBuffer()).byteLength;
    }
    expect(total).toBeLessThan(300 * 1024);
    expect((await fetch(`${d.url}/ui/../config.yaml`)).status).not.toBe(200);
    expect((await fetch(`${d.url}/ui/nope.js`)).status).toBe(404);
  });
});

// A peer that is not loopback needs an address of this machine that is not loopback.
const lan = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
if (!lan) console.log('skipping the remote-peer test: this machine has no non-loopback IPv4 address');

describe.skipIf(!lan)('remote peers', () => {
  it('get in with the control token while auth is on, and only with it', async () => {
    const port = host.split(':')[1];
    const connect = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://${lan}:${port}/rpc`, { headers });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => {});
      });
    expect(await connect({ authorization: `Bearer ${token}` })).toBe(101);
    expect(await connect({})).toBe(401);
    // A data-plane key is not the control token.
    expect(await connect({ authorization: `Bearer ${API_KEY}` })).toBe(401);
    expect((await fetch(`http://${lan}:${port}/ui`)).status).toBe(200);
  });
});
