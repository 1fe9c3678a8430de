// Writers for the client's response: router headers, whole answers, errors, and stream bytes with
// backpressure. Shared by the executor and its attempts.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Target } from '../config/schema.js';
import type { ClientError } from '../wire/errors.js';
import type { Exchange } from './exchange.js';

export function routerHeaders(x: Exchange, attempts: number | null, target: Target | null): Record<string, string> {
  const h: Record<string, string> = {
    'x-router-decision': x.plan.decisionId,
    'x-request-id': x.plan.decisionId,
    // Anthropic SDKs read request-id (OpenAI's read x-request-id).
    'request-id': x.plan.decisionId,
  };
  if (attempts !== null) h['x-router-attempts'] = String(attempts);
  if (x.plan.route) h['x-router-route'] = x.plan.route;
  if (target) h['x-router-target'] = target.id;
  if (x.plan.experiment) h['x-router-experiment'] = `${x.plan.experiment.id}:${x.plan.experiment.arm}`;
  return x.extraHeaders ? { ...h, ...x.extraHeaders } : h;
}

export function streamHeaders(x: Exchange, attempts: number | null, target: Target | null): OutgoingHttpHeaders {
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...routerHeaders(x, attempts, target),
  };
}

export function sendJson(x: Exchange, body: string, seq: number, target: Target): void {
  // Already answered (the shutdown cut it): nothing more may be written.
  if (x.res.writableEnded) return;
  if (x.res.headersSent) {
    // Keep-alives opened a stream, and this upstream ignored `stream: true`: a whole JSON answer
    // cannot follow them.
    const message = `${target.id} answered a stream request with a whole JSON body`;
    return void x.res.end(x.client.streamError({ status: 502, type: 'api_error', message }));
  }
  // A known length lets Node send headers and body in one write instead of a chunked writev.
  x.res.writeHead(200, {
    'content-type': x.client.contentType,
    'content-length': Buffer.byteLength(body),
    ...routerHeaders(x, seq, target),
  });
  x.res.end(body);
}

/** The request's final error; returns the status the client was told. */
export function sendError(x: Exchange, error: ClientError, attempts: number): number {
  if (x.res.writableEnded) return x.res.statusCode;
  // After keep-alives went out, the status is already 200: the error travels inside the stream.
  if (x.res.headersSent) {
    x.res.end(x.client.streamError(error));
    return error.status;
  }
  const rendered = x.client.errorResponse(error);
  x.res.writeHead(rendered.status, { 'content-type': 'application/json', ...rendered.headers, ...routerHeaders(x, attempts, null) });
  x.res.end(JSON.stringify(rendered.body));
  return rendered.status;
}

export function write(res: ServerResponse, text: string): Promise<void> | void {
  if (!text || res.destroyed || res.writableEnded) return;
  // Everything written in one turn of the event loop leaves in one syscall: when the upstream's
  // chunk and its end arrive together, headers, events and the end of the response go out at once.
  if (!res.writableCorked) {
    res.cork();
    setImmediate(uncork, res);
  }
  if (res.write(text)) return;
  // Backpressure: a slow client pauses the upstream read instead of growing a buffer.
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function uncork(res: ServerResponse): void {
  if (res.writableCorked && !res.writableEnded) res.uncork();
}
