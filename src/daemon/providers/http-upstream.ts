// HTTP to one upstream origin through a keep-alive undici Pool. Turns every way a call can fail
// before content (status, network, timeout) into a structured failure the engine can classify.
import { Pool } from 'undici';
import type { UpstreamFailure } from '../../engine/classify.js';
import { parseUpstreamError, type UpstreamFormat } from '../../wire/errors.js';
import type { ClientGone, UpstreamReply } from './types.js';

export interface HttpUpstreamOptions {
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  connections?: number;
}

export class HttpUpstream {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly format: UpstreamFormat,
    opts: HttpUpstreamOptions,
  ) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: opts.connections ?? 128,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: opts.connectTimeoutMs },
      headersTimeout: opts.firstByteTimeoutMs,
      bodyTimeout: opts.idleTimeoutMs,
    });
  }

  async post(path: string, headers: Record<string, string>, body: string, stream: boolean, signal: ClientGone): Promise<UpstreamReply> {
    let res: Awaited<ReturnType<Pool['request']>>;
    try {
      res = await this.pool.request({ method: 'POST', path: this.basePath + path, headers, body, signal });
    } catch (err) {
      return networkFailure(err);
    }
    const resHeaders = flatten(res.headers);
    if (res.statusCode >= 400) {
      let text = '';
      try {
        text = await res.body.text();
      } catch {
        // The status alone still classifies the failure.
      }
      const parsed = parseUpstreamError(res.statusCode, text, this.format);
      return {
        kind: 'failure',
        status: res.statusCode,
        message: parsed.message,
        headers: resHeaders,
        failure: {
          status: res.statusCode,
          errorType: parsed.errorType,
          errorCode: parsed.errorCode,
          contextOverflow: parsed.contextOverflow,
        },
      };
    }
    // Ollama streams NDJSON under a JSON-ish content type; everyone else says event-stream.
    const streamed = (resHeaders['content-type'] ?? '').includes('event-stream') || this.format === 'ollama';
    if (stream && streamed) {
      const body = res.body;
      return { kind: 'stream', status: res.statusCode, headers: resHeaders, chunks: body, cancel: () => body.destroy() };
    }
    try {
      return { kind: 'json', status: res.statusCode, headers: resHeaders, text: await res.body.text() };
    } catch (err) {
      return networkFailure(err);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export function networkFailure(err: unknown): UpstreamReply {
  const failure = classifyNetworkError(err);
  return { kind: 'failure', failure, message: (err as Error).message ?? String(err), headers: {} };
}

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
