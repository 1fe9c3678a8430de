// The control socket: JSON-RPC over WebSocket on a Unix socket, mode 0600 in a 0700 folder.
import { chmod, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NOTIFICATION, MAX_RPC_MESSAGE_BYTES, type RouterEvent } from '../../protocol/index.js';
import type { Logger } from '../log.js';
import { dispatchFrame, type Handlers } from './dispatch.js';

/**
 * A connection this far behind (events or replies it has not read) is dropped rather than allowed to
 * hold memory or slow anyone: the data plane shares this process.
 */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

export interface RpcServer {
  broadcast(event: RouterEvent): void;
  subscriberCount(): number;
  close(): Promise<void>;
}

export async function startRpcServer(socketPath: string, handlers: Handlers, log: Logger): Promise<RpcServer> {
  await mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
  const http: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('upgrade to a WebSocket to speak JSON-RPC\n');
  });
  // Frames above the RPC limit still arrive (up to 4x) so they can get a proper JSON-RPC error.
  const wss = new WebSocketServer({ server: http, maxPayload: MAX_RPC_MESSAGE_BYTES * 4 });
  const subscribers = new Set<WebSocket>();

  wss.on('connection', (ws) => {
    const ctx = { subscribe: () => void subscribers.add(ws) };
    const drop = (reason: string) => {
      subscribers.delete(ws);
      ws.terminate();
      log.warn('rpc.connection_dropped', { reason, backlogBytes: ws.bufferedAmount, limitBytes: MAX_BACKLOG_BYTES });
    };
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      // A caller that does not read its replies gets no more work done for it.
      if (ws.bufferedAmount > MAX_BACKLOG_BYTES) return drop('caller does not read its replies');
      const frame = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      void dispatchFrame(frame, handlers, ctx).then((reply) => {
        if (reply === null || ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BACKLOG_BYTES) return drop('caller does not read its replies');
        ws.send(reply);
      });
    });
    ws.on('close', () => subscribers.delete(ws));
    ws.on('error', (err) => log.warn('rpc.connection_error', { error: err.message }));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    const oldMask = process.umask(0o177);
    http.listen(socketPath, () => {
      process.umask(oldMask);
      http.off('error', reject);
      resolve();
    });
  });
  await chmod(socketPath, 0o600);

  return {
    broadcast(event) {
      if (subscribers.size === 0) return;
      const frame = JSON.stringify({ jsonrpc: '2.0', method: EVENT_NOTIFICATION, params: event });
      for (const ws of subscribers) {
        if (ws.bufferedAmount > MAX_BACKLOG_BYTES) {
          subscribers.delete(ws);
          ws.terminate();
          log.warn('rpc.subscriber_dropped', { reason: 'slow consumer: events not read', limitBytes: MAX_BACKLOG_BYTES });
          continue;
        }
        ws.send(frame);
      }
    },
    subscriberCount: () => subscribers.size,
    async close() {
      for (const ws of wss.clients) ws.close(1001, 'daemon stopping');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
