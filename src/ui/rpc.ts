// The page's JSON-RPC client over the listener's /rpc WebSocket: the same method table as the CLI,
// so a call the daemon does not know does not compile. Reconnects after the daemon restarts.
import { BEARER_SUBPROTOCOL_PREFIX, EVENT_NOTIFICATION, PROTOCOL_VERSION, RPC_PATH, RPC_SUBPROTOCOL } from '../protocol/wire-constants.js';
import type { MethodName, ParamsOf, ResultOf, RouterEvent } from '../protocol/index.js';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export type Connection = 'connecting' | 'open' | 'closed' | 'refused';

export class PageRpc {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly token: string,
    private readonly onEvent: (e: RouterEvent) => void,
    private readonly onConnection: (c: Connection) => void,
  ) {}

  /** Opens the socket, says hello and subscribes; on a drop, tries again every 2 s. */
  start(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${RPC_PATH}`;
    const ws = new WebSocket(url, [RPC_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX + this.token]);
    this.ws = ws;
    this.onConnection('connecting');
    let opened = false;
    ws.onopen = () => {
      opened = true;
      void this.call('hello', { protocolVersion: PROTOCOL_VERSION, client: 'router-ui' })
        .then(() => this.call('events.subscribe'))
        .then(() => this.onConnection('open'));
    };
    ws.onmessage = (m) => this.onFrame(String(m.data));
    ws.onclose = () => {
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
      // Never opened: the daemon is down, or refused the upgrade (a browser cannot tell which). Try
      // again either way, less often: a restarted daemon keeps its token.
      this.onConnection(opened ? 'closed' : 'refused');
      setTimeout(() => this.start(), opened ? 2000 : 5000);
    };
  }

  call<M extends MethodName>(method: M, params?: ParamsOf<M>): Promise<ResultOf<M>> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? {} }));
    });
  }

  private onFrame(frame: string): void {
    const msg = JSON.parse(frame) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };
    if (msg.method === EVENT_NOTIFICATION) return this.onEvent(msg.params as RouterEvent);
    const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id!);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  }
}

/** The token from #token=… (then dropped from the address bar), kept for this tab's reloads. */
export function takeToken(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('router-token', decodeURIComponent(m[1]!));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('router-token');
}
