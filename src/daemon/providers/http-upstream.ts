// HTTP to one upstream origin through a keep-alive undici Pool. Turns every way a call can fail
// before content (status, network, timeout) into a structured failure the engine can classify.
import { errors, Pool, type Dispatcher } from 'undici';
import { attemptDefaults, type ProviderConfig } from '../../config/schema.js';
import type { UpstreamFailure } from '../../engine/classify.js';
import { parseUpstreamError, type UpstreamFormat } from '../../wire/errors.js';
import { BodyQueue } from './body-queue.js';
import type { ClientGone, UpstreamReply } from './types.js';

export interface HttpUpstreamOptions {
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  /** Open connections to this origin at most (providers.<id>.connections). */
  connections?: number;
}

/**
 * A provider's deadlines and pool size from its config. `timeoutMs` was the body idle limit before
 * `streamIdleTimeoutMs` had a name: a config that still sets it keeps that meaning.
 */
export function upstreamOptions(cfg: ProviderConfig): HttpUpstreamOptions {
  return {
    connectTimeoutMs: cfg.connectTimeoutMs,
    firstByteTimeoutMs: cfg.firstTokenTimeoutMs ?? cfg.firstByteTimeoutMs,
    idleTimeoutMs: cfg.streamIdleTimeoutMs ?? cfg.timeoutMs ?? attemptDefaults.streamIdleTimeoutMs,
    connections: cfg.connections,
  };
}

/** Sized for agents: hundreds of concurrent streams to one provider are normal. */
export const DEFAULT_CONNECTIONS = 1000;

/** No status and headers within the first-byte budget, counting the wait for a free connection. */
export class FirstByteTimeout extends Error {
  readonly code = 'UND_ERR_HEADERS_TIMEOUT';
  constructor(ms: number) {
    super(`no response within ${ms} ms (including the wait for a free connection)`);
  }
}

export class HttpUpstream {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly firstByteTimeoutMs: number;

  constructor(
    baseUrl: string,
    private readonly format: UpstreamFormat,
    opts: HttpUpstreamOptions,
  ) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.firstByteTimeoutMs = opts.firstByteTimeoutMs;
    this.pool = new Pool(url.origin, {
      connections: opts.connections ?? DEFAULT_CONNECTIONS,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: opts.connectTimeoutMs },
      headersTimeout: opts.firstByteTimeoutMs,
      bodyTimeout: opts.idleTimeoutMs,
    });
  }

  /**
   * Not async itself: an async function keeps its parameters until it returns, and `body` (as large
   * as the request, twice that when it is not all Latin-1) is dead once undici has made it a Buffer.
   */
  post(path: string, headers: Record<string, string>, body: string, stream: boolean, signal: ClientGone): Promise<UpstreamReply> {
    const call = new UpstreamCall(signal);
    // undici's headersTimeout starts once the request is on a socket; a request queued behind a full
    // pool would wait unbounded. This budget starts now, so a long queue fails over like a stall.
    const deadline = setTimeout(() => call.timeOut(new FirstByteTimeout(this.firstByteTimeoutMs)), this.firstByteTimeoutMs);
    try {
      this.pool.dispatch({ method: 'POST', path: this.basePath + path, headers, body }, call);
    } catch (err) {
      clearTimeout(deadline);
      return Promise.resolve(networkFailure(err));
    }
    return this.reply(call, stream, deadline);
  }

  private async reply(call: UpstreamCall, stream: boolean, deadline: NodeJS.Timeout): Promise<UpstreamReply> {
    let head: ResponseHead;
    try {
      head = await call.head;
    } catch (err) {
      return networkFailure(err);
    } finally {
      clearTimeout(deadline);
    }
    if (head.status >= 400) {
      let text = '';
      try {
        text = await call.body.text();
      } catch {
        // The status alone still classifies the failure.
      }
      const parsed = parseUpstreamError(head.status, text, this.format);
      return {
        kind: 'failure',
        status: head.status,
        message: parsed.message,
        headers: flatten(head.headers),
        failure: {
          status: head.status,
          errorType: parsed.errorType,
          errorCode: parsed.errorCode,
          contextOverflow: parsed.contextOverflow,
        },
      };
    }
    // Ollama streams NDJSON under a JSON-ish content type; everyone else says event-stream.
    const contentType = head.headers['content-type'];
    const streamed = String(contentType ?? '').includes('event-stream') || this.format === 'ollama';
    if (stream && streamed) {
      return {
        kind: 'stream',
        status: head.status,
        chunks: call.body,
        cancel: () => call.abort(new Error('upstream read cancelled')),
      };
    }
    try {
      return { kind: 'json', status: head.status, text: await call.body.text() };
    } catch (err) {
      return networkFailure(err);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

interface ResponseHead {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One call through undici's dispatcher: the status and headers settle `head`, the body is queued as
 * it arrives. This skips what `request()` builds for every call (a Readable, an async-hooks scope)
 * on the data plane's hot path. Errors before the head reject it; later ones fail the body.
 */
class UpstreamCall implements Dispatcher.DispatchHandler {
  readonly head: Promise<ResponseHead>;
  readonly body: BodyQueue;
  private controller: Dispatcher.DispatchController | null = null;
  private started = false;
  private abortReason: Error | null = null;
  private settleHead!: { resolve(h: ResponseHead): void; reject(err: Error): void };

  constructor(private readonly signal: ClientGone) {
    this.head = new Promise((resolve, reject) => {
      this.settleHead = { resolve, reject };
    });
    this.body = new BodyQueue({
      pause: () => this.controller?.pause(),
      resume: () => this.controller?.resume(),
      cancel: () => this.abort(new Error('upstream body no longer read')),
    });
    if (signal.aborted) this.abortReason = new errors.RequestAbortedError();
    else signal.once('abort', this.onClientGone);
  }

  abort(reason: Error): void {
    this.abortReason ??= reason;
    this.controller?.abort(reason);
  }

  /** Gives up before the head: still queued (no controller yet), it is never sent; on a socket, it is aborted. */
  timeOut(reason: Error): void {
    if (this.started) return;
    this.abort(reason);
    this.settleHead.reject(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason !== null) controller.abort(this.abortReason);
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: ResponseHead['headers']): void {
    if (status < 200) return; // 1xx: the real answer follows
    this.started = true;
    this.settleHead.resolve({ status, headers });
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.body.push(chunk);
  }

  onResponseEnd(): void {
    this.signal.off('abort', this.onClientGone);
    this.body.end();
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.signal.off('abort', this.onClientGone);
    if (this.started) {
      bodyFailures.add(err);
      this.body.fail(err);
    } else this.settleHead.reject(err);
  }

  private readonly onClientGone = (): void => this.abort(new errors.RequestAbortedError());
}

export function networkFailure(err: unknown): UpstreamReply {
  const failure = classifyNetworkError(err);
  return { kind: 'failure', failure, message: (err as Error).message ?? String(err), headers: {} };
}

/**
 * Errors that broke a body after the status and headers arrived: the connection was fine, the
 * answer was not. A reset there is a broken stream (what the client saw), not a connect failure.
 */
const bodyFailures = new WeakSet<Error>();

/** Maps undici/Node error codes (never messages) onto the engine's failure shape. */
export function classifyNetworkError(err: unknown): UpstreamFailure {
  const e = err as { code?: string; name?: string };
  if (e.name === 'AbortError' || e.code === 'UND_ERR_ABORTED' || e.code === 'ABORT_ERR') return { clientClosed: true };
  switch (e.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return { network: 'timeout' };
  }
  if (err instanceof Error && bodyFailures.has(err)) return { streamBroken: true };
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { network: 'connect' };
    default:
      return { network: 'reset' };
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
