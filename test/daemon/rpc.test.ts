// The control socket speaks JSON-RPC 2.0 over WebSocket; every malformed input gets a proper error
// object with a stable code, and the daemon keeps serving afterwards.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RPC_MESSAGE_BYTES, PROTOCOL_VERSION, RpcCode } from '../../src/protocol/index.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let d: RunningDaemon;
let ws: WebSocket;
// Replies are free-form JSON that the tests probe field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Frame = any;
const replies: Frame[] = [];

beforeAll(async () => {
  d = await startDaemon();
  ws = new WebSocket(`ws+unix:${d.socket}:/`);
  ws.on('message', (m) => replies.push(JSON.parse(m.toString())));
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws.close();
  await d.stop();
});

async function send(frame: string | Buffer): Promise<Frame> {
  const before = replies.length;
  ws.send(frame);
  const deadline = Date.now() + 5000;
  while (replies.length === before) {
    if (Date.now() > deadline) throw new Error('no reply');
    await new Promise((r) => setTimeout(r, 10));
  }
  return replies[replies.length - 1];
}

describe('JSON-RPC control socket', () => {
  it.each([
    ['malformed JSON', '{"jsonrpc":"2.0",', RpcCode.ParseError, null],
    ['not a request object', '[1]', RpcCode.InvalidRequest, null],
    ['missing jsonrpc version', '{"id":1,"method":"status"}', RpcCode.InvalidRequest, 1],
    ['unknown method', '{"jsonrpc":"2.0","id":2,"method":"no.such"}', RpcCode.MethodNotFound, 2],
    [
      'wrong param types',
      '{"jsonrpc":"2.0","id":3,"method":"hello","params":{"protocolVersion":"one","client":"t"}}',
      RpcCode.InvalidParams,
      3,
    ],
    ['unexpected params', '{"jsonrpc":"2.0","id":4,"method":"status","params":{"bogus":true}}', RpcCode.InvalidParams, 4],
  ])('%s gets error %i', async (_name, frame, code, id) => {
    const reply = await send(frame);
    const one = Array.isArray(reply) ? reply[0] : reply;
    expect(one.jsonrpc).toBe('2.0');
    expect(one.error.code).toBe(code);
    expect(one.id).toBe(id);
    expect(typeof one.error.message).toBe('string');
  });

  it('answers an oversized message with TooLarge and keeps serving', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'status', params: { pad: 'x'.repeat(MAX_RPC_MESSAGE_BYTES) } });
    const reply = await send(big);
    expect(reply.error.code).toBe(RpcCode.TooLarge);
    const ok = await send(
      JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'hello', params: { protocolVersion: PROTOCOL_VERSION, client: 't' } }),
    );
    expect(ok.result).toMatchObject({ protocolVersion: PROTOCOL_VERSION, pid: d.pid });
  });

  it('handles a batch and stays silent for notifications', async () => {
    const reply = await send(
      JSON.stringify([
        { jsonrpc: '2.0', method: 'status' },
        { jsonrpc: '2.0', id: 'a', method: 'status' },
      ]),
    );
    expect(Array.isArray(reply)).toBe(true);
    expect(reply).toHaveLength(1);
    expect(reply[0].id).toBe('a');
    expect(reply[0].result.pid).toBe(d.pid);
  });

  it('delivers events to a subscriber', async () => {
    const sub = await send(JSON.stringify({ jsonrpc: '2.0', id: 20, method: 'events.subscribe' }));
    expect(sub.result).toEqual({ subscribed: true });
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const decision = res.headers.get('x-router-decision');
    const deadline = Date.now() + 5000;
    const events = () => replies.filter((r) => r.method === 'event' && r.params.decisionId === decision).map((r) => r.params.type);
    while (!events().includes('request') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(events()).toEqual(['decision', 'attempt', 'request']);
  });
});
