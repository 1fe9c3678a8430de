// Typed client for the daemon's control socket. Method names, params and results all come from
// the shared protocol table, so a call the daemon does not know fails to compile.
import WebSocket from 'ws';
import {
  EVENT_NOTIFICATION,
  PROTOCOL_VERSION,
  RPC_PATH,
  RPC_SUBPROTOCOL,
  errorCodeForRpc,
  type HelloResult,
  type MethodName,
  type ParamsOf,
  type ResultOf,
  type RouterEvent,
} from '../protocol/index.js';
import { CliError, daemonUnreachable } from './errors.js';

/** A daemon reached over its listener: a `router context`, resolved with its token. */
export interface RemoteDaemon {
  name: string;
  /** http(s)://HOST:PORT of the daemon's listener. */
  url: string;
  token: string;
}

function rpcUrl(url: string): string {
  const u = new URL(url);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = RPC_PATH;
  u.hash = '';
  return u.toString();
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class DaemonClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: RouterEvent) => void>();

  /** The daemon's answer to the version handshake. */
  hello!: HelloResult;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.onFrame(data.toString()));
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new CliError('failed', 'the daemon closed the connection'));
      this.pending.clear();
    });
  }

  /** Connects and performs the version handshake; a missing daemon becomes exit code 3. */
  static async connect(socket: string, client = 'router-cli', timeoutMs = 5000): Promise<DaemonClient> {
    const ws = new WebSocket(`ws+unix:${socket}:/`, { handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (err: NodeJS.ErrnoException) => {
        const reason = err.code === 'ENOENT' ? 'no socket' : err.code === 'ECONNREFUSED' ? 'connection refused' : err.message;
        reject(daemonUnreachable(socket, reason));
      });
    });
    return DaemonClient.handshake(ws, client);
  }

  /** The same JSON-RPC over another daemon's listener (GET /rpc), with its control token: `--context`. */
  static async connectRemote(remote: RemoteDaemon, client = 'router-cli', timeoutMs = 5000): Promise<DaemonClient> {
    const ws = new WebSocket(rpcUrl(remote.url), [RPC_SUBPROTOCOL], {
      handshakeTimeout: timeoutMs,
      headers: { authorization: `Bearer ${remote.token}` },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        ws.terminate();
        const hint =
          status === 401
            ? `the token of context ${remote.name} is not this daemon's: router context add ${remote.name} URL --token-file FILE`
            : 'the daemon accepts remote control only with auth on (apiKeys or auth.required)';
        reject(new CliError('failed', `${remote.url} refused the control connection (HTTP ${status})`, hint));
      });
      ws.once('error', (err: NodeJS.ErrnoException) => {
        if (err.message.startsWith('Unexpected server response')) return;
        const reason = err.code === 'ECONNREFUSED' ? 'connection refused' : err.message;
        reject(
          new CliError(
            'daemon_unreachable',
            `the router daemon of context ${remote.name} is not reachable (${reason} at ${remote.url})`,
            'check that it runs and that its listener is reachable from here',
          ),
        );
      });
    });
    return DaemonClient.handshake(ws, client);
  }

  private static async handshake(ws: WebSocket, client: string): Promise<DaemonClient> {
    const c = new DaemonClient(ws);
    const hello = await c.call('hello', { protocolVersion: PROTOCOL_VERSION, client });
    c.hello = hello;
    if (hello.protocolVersion !== PROTOCOL_VERSION) {
      c.close();
      throw new CliError(
        'version_mismatch',
        `daemon speaks protocol ${hello.protocolVersion}, this CLI speaks ${PROTOCOL_VERSION}`,
        'restart the daemon with this version: router daemon restart',
      );
    }
    return c;
  }

  call<M extends MethodName>(method: M, params?: ParamsOf<M>): Promise<ResultOf<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? {} }));
    });
  }

  onEvent(listener: (e: RouterEvent) => void): void {
    this.listeners.add(listener);
  }

  /** Resolves when the daemon closes the connection (e.g. on stop). */
  closed(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.ws.once('close', () => resolve()));
  }

  close(): void {
    this.ws.close();
  }

  private onFrame(frame: string): void {
    const msg = JSON.parse(frame) as {
      id?: number;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { code: number; message: string };
    };
    if (msg.method === EVENT_NOTIFICATION) {
      for (const l of this.listeners) l(msg.params as RouterEvent);
      return;
    }
    const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id!);
    if (msg.error) p.reject(new CliError(errorCodeForRpc(msg.error.code), msg.error.message));
    else p.resolve(msg.result);
  }
}
