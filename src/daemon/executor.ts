// Tries a plan's attempts in order. Failover is allowed only until the first content byte has gone
// to the client; after that the client is committed to that target and a failure is reported inside
// the stream. Every attempt feeds the state reducers and lands in the ledger.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { Config, Target } from '../config/schema.js';
import { classifyFailure, retryAfterMs, type UpstreamFailure } from '../engine/classify.js';
import { shouldEscalate } from '../engine/escalate.js';
import type { ErrorClass } from '../engine/types.js';
import type { ClientError } from '../wire/errors.js';
import type { Usage } from '../wire/usage.js';
import { WireError } from '../wire/wire-error.js';
import { finalError } from './failure-report.js';
import type { KeepAliveHandle, KeepAlives } from './keep-alive.js';
import { classifyNetworkError } from './providers/http-upstream.js';
import type { Adapters } from './providers/registry.js';
import { ClientGone, type UpstreamReply } from './providers/types.js';
import type { AttemptResult, RecordedExchange, Recorder } from './recorder.js';
import type { ClientSide } from './relay/types.js';
import type { StateHolder } from './state/holder.js';

export interface ExecutorDeps {
  adapters: () => Adapters;
  config: () => Config;
  state: StateHolder;
  recorder: Recorder;
  keepAlives: KeepAlives;
  clock: () => number;
}

export interface Exchange extends RecordedExchange {
  client: ClientSide;
  /** Client headers an upstream of the same family should see (anthropic-beta). */
  forwardHeaders?: Record<string, string>;
  req: IncomingMessage;
  res: ServerResponse;
}

/** A valid answer kept back while a stronger target gets a chance (escalation). */
interface Held {
  kind: 'held';
  body: string;
  target: Target;
  seq: number;
}

type Attempt = { kind: 'done' } | Held | { kind: 'failed'; error: ClientError; retryable: boolean; errorClass: ErrorClass };

export async function execute(x: Exchange, deps: ExecutorDeps): Promise<void> {
  const gone = new ClientGone();
  const onClose = () => {
    if (!x.res.writableFinished) gone.abort();
  };
  x.res.on('close', onClose);
  const results: AttemptResult[] = [];
  const failures: Array<Extract<Attempt, { kind: 'failed' }>> = [];
  // Headers sent for a keep-alive cannot name the target or the attempts yet: `router explain` has them.
  const keepAlive = x.stream ? deps.keepAlives.watch(x.res, x.client.keepAlive, () => streamHeaders(x, null, null)) : undefined;
  // The status the client was told: an error after keep-alives went out travels inside the stream.
  let status: number | undefined;
  let minContext = 0;
  let held: Held | undefined;
  const config = deps.config();
  const escalation = escalationOf(x, config);
  try {
    for (const [i, target] of x.plan.attempts.entries()) {
      if (gone.aborted) break;
      if (minContext > 0 && (contextWindow(config, target) ?? 0) <= minContext) continue;
      if (held && !stronger(config, target, held.target)) continue;
      const canEscalate = escalation && x.plan.attempts.slice(i + 1).some((t) => stronger(config, t, target));
      const outcome = await attempt(x, deps, target, results, gone, keepAlive, canEscalate ? escalation : undefined);
      if (outcome.kind === 'done') return;
      if (outcome.kind === 'held') {
        held = outcome;
        continue;
      }
      failures.push(outcome);
      if (outcome.errorClass === 'client_closed') return;
      if (outcome.errorClass === 'context_length') {
        // Only a target with a larger window can help; without one the 400 goes back as it is.
        minContext = contextWindow(deps.config(), target) ?? Infinity;
        continue;
      }
      if (!outcome.retryable) break;
    }
    if (gone.aborted) return;
    // Nothing stronger answered better: the last valid answer goes back, never an error.
    if (held) return void sendJson(x, held.body, held.seq, held.target);
    const error = finalError(failures.map((f) => ({ error: f.error, errorClass: f.errorClass })));
    if (x.res.headersSent) {
      status = error.status;
      return void x.res.end(x.client.streamError(error));
    }
    const rendered = x.client.errorResponse(error);
    x.res.writeHead(rendered.status, { 'content-type': 'application/json', ...rendered.headers, ...routerHeaders(x, results.length, null) });
    x.res.end(JSON.stringify(rendered.body));
  } finally {
    keepAlive?.stop();
    x.res.off('close', onClose);
    deps.recorder.request(x, results, status ?? x.res.statusCode, gone.aborted);
  }
}

async function attempt(
  x: Exchange,
  deps: ExecutorDeps,
  target: Target,
  results: AttemptResult[],
  signal: ClientGone,
  keepAlive: KeepAliveHandle | undefined,
  escalation?: Escalation,
): Promise<Attempt> {
  const t0 = deps.clock();
  const seq = results.length + 1;
  // A target this request cannot be sent to is skipped without touching its health.
  const skip = (error: ClientError, errorClass: ErrorClass): Attempt => {
    results.push({ seq, target, startedAt: t0, latencyMs: 0, outcome: 'failed', errorClass, usage: null });
    return { kind: 'failed', error, retryable: true, errorClass };
  };
  const adapter = deps.adapters().get(target.provider);
  if (!adapter) return skip({ status: 502, type: 'api_error', message: `provider "${target.provider}" has no adapter` }, 'server');
  const relay = x.client.relayFor(adapter.format);
  if (!relay) return skip({ status: 502, type: 'api_error', message: `no translation from ${x.client.format} to ${adapter.format}` }, 'server');
  let body: Record<string, unknown>;
  try {
    body = relay.upstreamBody(target);
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    // This format cannot carry the request (audio to Anthropic, n > 1…); another format may, and
    // the 400 wins if none can.
    return skip({ status: 400, type: 'invalid_request_error', message: err.message, param: err.param ?? null }, 'invalid_request');
  }
  deps.state.apply({ type: 'attempt.started', target: target.id });
  let reply: UpstreamReply;
  try {
    reply = await adapter.send({ target, body, stream: x.stream, headers: x.forwardHeaders, signal });
  } catch (err) {
    reply = { kind: 'failure', failure: classifyNetworkError(err), message: (err as Error).message, headers: {} };
  }
  const fail = (failure: UpstreamFailure, message: string, status?: number, headers: Record<string, string> = {}): Attempt => {
    const cls = failure.clientClosed ? { errorClass: 'client_closed' as const, retryable: false } : classifyFailure(failure);
    const retryMs = retryAfterMs(headers, deps.clock());
    deps.state.apply({ type: 'attempt.failed', target: target.id, errorClass: cls.errorClass, retryAfterMs: retryMs });
    results.push({ seq, target, startedAt: t0, latencyMs: deps.clock() - t0, outcome: cls.errorClass === 'client_closed' ? 'aborted' : 'failed', errorClass: cls.errorClass, status, usage: null });
    const error = toClientError(cls.errorClass, failure, message, status, retryMs);
    return { kind: 'failed', error, retryable: cls.retryable, errorClass: cls.errorClass };
  };
  if (reply.kind === 'failure') return fail(reply.failure, reply.message, reply.status, reply.headers);

  if (reply.kind === 'json') {
    const out = relay.json(reply, target);
    if (!out.ok) return fail(out.failure, out.message, reply.status);
    succeed(deps, target, results, seq, t0, undefined, out.usage);
    const verdict = escalation ? shouldEscalate(out.text, out.usage?.outputTokens ?? 0, escalation) : undefined;
    if (verdict?.escalate) {
      x.plan.trace.notes.push(`escalated from ${target.id}: ${verdict.reason}`);
      return { kind: 'held', body: out.body, target, seq };
    }
    sendJson(x, out.body, seq, target);
    return { kind: 'done' };
  }

  const session = relay.stream(target);
  let pending = '';
  let ttftMs: number | undefined;
  const commit = () => {
    ttftMs = deps.clock() - t0;
    keepAlive?.stop();
    // Keep-alives may have sent the headers already, before the target was known.
    if (!x.res.headersSent) x.res.writeHead(200, streamHeaders(x, seq, target));
  };
  let broken: { failure: UpstreamFailure; message: string } | undefined;
  let tail = '';
  // Upstream bytes become text here; multi-byte characters split across chunks stay whole.
  const utf8 = new StringDecoder('utf8');
  // A stream that opened but sends no content is as dead as one that never opened: the same
  // first-byte budget covers both, so a stall before content still fails over.
  let stalled = false;
  const budget = deps.config().providers[target.provider]?.firstByteTimeoutMs ?? 120_000;
  const stallTimer = setTimeout(() => {
    if (ttftMs !== undefined) return;
    stalled = true;
    reply.cancel();
  }, Math.max(0, budget - (deps.clock() - t0)));
  try {
    for await (const chunk of reply.chunks) {
      const step = session.push(typeof chunk === 'string' ? chunk : utf8.write(chunk));
      if (ttftMs === undefined) {
        pending += step.out;
        if (step.content) {
          commit();
          await write(x.res, pending);
          pending = '';
        }
      } else if (step.out) {
        await write(x.res, step.out);
      }
      if (step.failure) {
        broken = step.failure;
        break;
      }
    }
    if (!broken) {
      const rest = utf8.end();
      const last = rest ? session.push(rest) : undefined;
      const end = session.end();
      broken = last?.failure ?? end.failure;
      if (ttftMs === undefined && !broken) commit();
      // Whatever is left goes out with the end of the response: one write instead of two.
      tail = pending + (last?.out ?? '') + end.out;
    }
  } catch (err) {
    const failure = signal.aborted ? { clientClosed: true } : stalled ? { network: 'timeout' as const } : classifyNetworkError(err);
    broken = { failure, message: stalled ? `no content within ${budget} ms` : (err as Error).message };
  } finally {
    clearTimeout(stallTimer);
  }
  if (ttftMs === undefined) return fail(broken!.failure, broken!.message, reply.status);
  if (broken) {
    // Committed: no failover, no fake success. Report in the client's own stream format.
    const failed = fail(broken.failure, broken.message, reply.status) as Extract<Attempt, { kind: 'failed' }>;
    if (!signal.aborted) {
      x.res.end(tail + x.client.streamError({ ...failed.error, message: `upstream failed mid-stream: ${broken.message}` }));
    }
    const r = results[results.length - 1]!;
    r.ttftMs = ttftMs;
    r.usage = session.usage;
    return { kind: 'done' };
  }
  x.res.end(tail);
  succeed(deps, target, results, seq, t0, ttftMs, session.usage);
  return { kind: 'done' };
}

type Escalation = NonNullable<Config['failover']['escalate']>;

/** Escalation is opt-in per route and only for whole (non-streamed) answers. */
function escalationOf(x: Exchange, config: Config): Escalation | undefined {
  const route = x.plan.route ? config.routes[x.plan.route] : undefined;
  return !x.stream && route?.escalate ? config.failover.escalate : undefined;
}

const tierRank: Record<string, number> = { basic: 1, standard: 2, strong: 3, premium: 4 };

/** A target of a higher tier; with either tier unknown, any later target counts as stronger. */
function stronger(config: Config, candidate: Target, than: Target): boolean {
  const a = tierRank[config.catalog[candidate.id]?.tier ?? ''];
  const b = tierRank[config.catalog[than.id]?.tier ?? ''];
  return a === undefined || b === undefined || a > b;
}

function sendJson(x: Exchange, body: string, seq: number, target: Target): void {
  if (x.res.headersSent) {
    // Keep-alives opened a stream, and this upstream ignored `stream: true`: a whole JSON answer
    // cannot follow them.
    const message = `${target.id} answered a stream request with a whole JSON body`;
    return void x.res.end(x.client.streamError({ status: 502, type: 'api_error', message }));
  }
  // A known length lets Node send headers and body in one write instead of a chunked writev.
  x.res.writeHead(200, { 'content-type': x.client.contentType, 'content-length': Buffer.byteLength(body), ...routerHeaders(x, seq, target) });
  x.res.end(body);
}

function succeed(deps: ExecutorDeps, target: Target, results: AttemptResult[], seq: number, t0: number, ttftMs: number | undefined, usage: Usage | null) {
  const latencyMs = deps.clock() - t0;
  deps.state.apply({ type: 'attempt.succeeded', target: target.id, latencyMs, ttftMs });
  results.push({ seq, target, startedAt: t0, latencyMs, ttftMs, outcome: 'ok', usage });
}

function write(res: ServerResponse, text: string): Promise<void> | void {
  if (!text || res.destroyed) return;
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

function streamHeaders(x: Exchange, attempts: number | null, target: Target | null): OutgoingHttpHeaders {
  return { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...routerHeaders(x, attempts, target) };
}

function uncork(res: ServerResponse): void {
  if (res.writableCorked && !res.writableEnded) res.uncork();
}

function routerHeaders(x: Exchange, attempts: number | null, target: Target | null): Record<string, string> {
  const h: Record<string, string> = {
    'x-router-decision': x.plan.decisionId,
    'x-request-id': x.plan.decisionId,
    // Anthropic SDKs read request-id (OpenAI's read x-request-id).
    'request-id': x.plan.decisionId,
  };
  if (attempts !== null) h['x-router-attempts'] = String(attempts);
  if (x.plan.route) h['x-router-route'] = x.plan.route;
  if (target) h['x-router-target'] = target.id;
  return h;
}

function contextWindow(config: Config, target: Target): number | undefined {
  return config.catalog[target.id]?.contextWindow;
}

function toClientError(errorClass: ErrorClass, f: UpstreamFailure, message: string, status: number | undefined, retryMs: number | undefined): ClientError {
  const retryAfterSec = retryMs === undefined ? undefined : retryMs / 1000;
  switch (errorClass) {
    case 'rate_limit':
      return { status: 429, type: 'rate_limit_error', message, retryAfterSec };
    case 'overloaded':
      return { status: 529, type: 'overloaded_error', message, retryAfterSec };
    case 'invalid_request':
      return { status: status ?? 400, type: 'invalid_request_error', message, code: f.errorCode ?? null };
    case 'context_length':
      return { status: 400, type: 'invalid_request_error', message, code: 'context_length_exceeded' };
    case 'not_found':
      return { status: 404, type: 'not_found_error', message };
    case 'billing':
      return { status: 402, type: 'billing_error', message };
    case 'timeout':
      return { status: 504, type: 'timeout_error', message: `upstream timed out: ${message}` };
    case 'auth':
      // The client's key to the router is fine; the router's key to the provider is not.
      return { status: 502, type: 'api_error', message: `upstream rejected the router's credentials: ${message}` };
    default:
      return { status: 502, type: 'api_error', message: `upstream failed: ${message}`, retryAfterSec };
  }
}
