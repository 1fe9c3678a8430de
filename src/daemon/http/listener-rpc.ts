// GET /rpc on the data-plane listener: the same JSON-RPC as the control socket, for the dashboard
// page and for remote contexts. Checked (control-access.ts) before the upgrade, so a refused client
// never gets a WebSocket.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_RPC_MESSAGE_BYTES, RPC_PATH, RPC_SUBPROTOCOL } from '../../protocol/index.js';
import type { Logger } from '../log.js';
import type { RpcHub } from '../rpc/hub.js';
import { remoteControlAllowed, rpcAccess } from './control-access.js';
import type { Config } from '../../config/schema.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface ListenerRpcDeps {
  hub: RpcHub;
  token: string;
  config: () => Config;
  log: Logger;
}

export function listenerRpc(d: ListenerRpcDeps): UpgradeHandler {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_RPC_MESSAGE_BYTES * 4,
    // A browser offers ["llm-router.rpc", "bearer.<token>"]: answer with the first, never echo the token.
    handleProtocols: (offered) => (offered.has(RPC_SUBPROTOCOL) ? RPC_SUBPROTOCOL : false),
  });
  return (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== RPC_PATH) return refuse(socket, 404, `no WebSocket at ${path}; the control RPC is at ${RPC_PATH}`);
    const peer = {
      remoteAddress: req.socket.remoteAddress,
      host: req.headers.host,
      origin: req.headers.origin,
      authorization: req.headers.authorization,
      protocols: req.headers['sec-websocket-protocol'],
    };
    const access = rpcAccess(peer, d.token, remoteControlAllowed(d.config()));
    if (!access.ok) {
      d.log.warn('rpc.refused', { status: access.status, reason: access.reason, remote: peer.remoteAddress, origin: peer.origin });
      return refuse(socket, access.status, access.reason);
    }
    wss.handleUpgrade(req, socket, head, (ws) => d.hub.accept(ws, { via: 'listener', remote: peer.remoteAddress, origin: peer.origin }));
  };
}

const statusText: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
