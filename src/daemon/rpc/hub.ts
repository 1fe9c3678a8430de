// Every JSON-RPC connection the daemon holds, whatever carried it (the Unix socket, or the listener's
// /rpc WebSocket for the page and remote contexts): one dispatcher, one subscriber set, one backlog rule.
import type { WebSocket } from 'ws';
import { EVENT_NOTIFICATION, type RouterEvent } from '../../protocol/index.js';
import type { Logger } from '../log.js';
import { isOperatorAction } from './actions.js';
import { dispatchFrame, type Handlers } from './dispatch.js';

/**
 * A connection this far behind (events or replies it has not read) is dropped rather than allowed to
 * hold memory or slow anyone: the data plane shares this process.
 */
export const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

/** Where a connection came from, for the log lines of the actions it takes. */
export interface Peer {
  via: 'socket' | 'listener';
  remote?: string;
  origin?: string;
}

export interface RpcHub {
  accept(ws: WebSocket, peer: Peer): void;
  broadcast(event: RouterEvent): void;
  subscriberCount(): number;
  /** Close every connection that came through this transport. */
  closeAll(via: Peer['via']): void;
}

export function createRpcHub(handlers: Handlers, log: Logger): RpcHub {
  const subscribers = new Set<WebSocket>();
  const peers = new Map<WebSocket, Peer>();

  const accept = (ws: WebSocket, peer: Peer) => {
    peers.set(ws, peer);
    const ctx = {
      subscribe: () => void subscribers.add(ws),
      // Operator actions leave a line in the daemon log, whoever sent them (CLI, page, remote context).
      called: (method: string, params: unknown) => {
        if (isOperatorAction(method)) log.info('rpc.action', { method, params, ...peer });
      },
    };
    const drop = (reason: string) => {
      subscribers.delete(ws);
      ws.terminate();
      log.warn('rpc.connection_dropped', { reason, backlogBytes: ws.bufferedAmount, limitBytes: MAX_BACKLOG_BYTES, via: peer.via });
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
    ws.on('close', () => {
      subscribers.delete(ws);
      peers.delete(ws);
    });
    ws.on('error', (err) => log.warn('rpc.connection_error', { error: err.message, via: peer.via }));
  };

  return {
    accept,
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
    closeAll(via) {
      for (const [ws, peer] of peers) {
        if (peer.via !== via) continue;
        ws.close(1001, 'daemon stopping');
        // A peer that does not answer the close must not hold the daemon's shutdown.
        setTimeout(() => ws.terminate(), 1000).unref();
      }
    },
  };
}
