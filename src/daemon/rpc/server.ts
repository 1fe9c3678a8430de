// The control socket: JSON-RPC over WebSocket on a Unix socket, mode 0600 in a 0700 folder.
import { chmod, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { WebSocketServer } from 'ws';
import { MAX_RPC_MESSAGE_BYTES } from '../../protocol/index.js';
import type { RpcHub } from './hub.js';

export interface RpcServer {
  close(): Promise<void>;
}

export async function startRpcServer(socketPath: string, hub: RpcHub): Promise<RpcServer> {
  await mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
  const http: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('upgrade to a WebSocket to speak JSON-RPC\n');
  });
  // Frames above the RPC limit still arrive (up to 4x) so they can get a proper JSON-RPC error.
  const wss = new WebSocketServer({ server: http, maxPayload: MAX_RPC_MESSAGE_BYTES * 4 });
  wss.on('connection', (ws) => hub.accept(ws, { via: 'socket' }));

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
    async close() {
      hub.closeAll('socket');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
