// The data plane's HTTP listener: routing by path, auth, body limits, and a graceful drain.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { anthropicErrorBody, openAiErrorBody, type ClientError } from '../../wire/errors.js';
import { unknownKeyError } from '../../engine/virtual-keys.js';
import { identifyCaller, type Caller } from '../keys/caller.js';
import type { ClusterStatusDTO } from '../../protocol/index.js';
import type { Runtime } from '../runtime.js';
import { BodyTimeout, BodyTooLarge, readBody } from './body.js';
import { answerClientError, hangUpAfterAnswer, isClientHangUp } from './client-faults.js';
import { handleOpenAiChat } from './chat-openai.js';
import { handleAnthropicCountTokens } from './count-tokens-anthropic.js';
import { parseJsonBody, type ParsedBody } from './json-body.js';
import { handleAnthropicMessages } from './messages-anthropic.js';
import { decodeModelId, modelById, modelsList, wantsAnthropicShape } from './models.js';
import { handleResponses } from './responses-openai.js';
import { sendError, sendJson } from './respond.js';
import type { UpgradeHandler } from './listener-rpc.js';
import { isUiPath, uiPage, type UiPage } from './ui-page.js';

export interface DataPlane {
  address(): string;
  inFlight(): number;
  /** Stop accepting, wait for in-flight requests up to drainMs, then cut what is left. */
  close(drainMs: number): Promise<void>;
  /** WebSocket upgrades (GET /rpc): attached once the RPC handlers exist; refused until then. */
  onUpgrade(handler: UpgradeHandler): void;
}

/** How long cut requests get to write their last bytes and ledger rows before the sockets are closed anyway. */
const CUT_GRACE_MS = 2_000;

type Handler = (req: IncomingMessage, res: ServerResponse, body: ParsedBody, rt: Runtime, caller: Caller) => Promise<void>;
const posts: Record<string, Handler> = {
  '/v1/chat/completions': handleOpenAiChat,
  '/chat/completions': handleOpenAiChat,
  '/v1/messages': handleAnthropicMessages,
  '/messages': handleAnthropicMessages,
  '/v1/messages/count_tokens': handleAnthropicCountTokens,
  '/messages/count_tokens': handleAnthropicCountTokens,
  '/v1/responses': handleResponses,
  '/responses': handleResponses,
};

export async function startDataPlane(rt: Runtime, host: string, port: number): Promise<DataPlane> {
  let inFlight = 0;
  const ui = uiPage();
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
    serve(req, res, rt, ui).catch((err: Error) => {
      // A client that went away is routine (an agent cancelled): one info line, no stack, no answer.
      if (isClientHangUp(err, req)) return rt.log.info('http.client_abort', { path: req.url, error: err.message });
      rt.log.error('http.unhandled', { error: err.message, stack: err.stack, path: req.url });
      if (!res.headersSent) sendError(res, openAiErrorBody({ status: 500, type: 'api_error', message: 'internal router error' }));
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  let upgrade: UpgradeHandler = (_req, socket) => void socket.destroy();
  server.on('upgrade', (req, socket, head) => upgrade(req, socket, head));
  // `Expect: 100-continue`: a body over the limit is refused before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length']) > rt.config().limits.maxBodyBytes) return server.emit('request', req, res);
    res.writeContinue();
    server.emit('request', req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address();
  const addr =
    typeof bound === 'object' && bound
      ? `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`
      : `${host}:${port}`;
  return {
    address: () => addr,
    inFlight: () => inFlight,
    onUpgrade: (handler) => void (upgrade = handler),
    async close(drainMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + drainMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      // What outlasts the drain is cut with an answer its client understands, and recorded, before the sockets go.
      rt.cutoff?.cutAll();
      await rt.cutoff?.idle(CUT_GRACE_MS);
      server.closeAllConnections();
      await closed;
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, rt: Runtime, ui: UiPage): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, health(rt));
  // The page is for a browser, which cannot send an API key; it is guarded like /rpc (loopback unless auth is on).
  if (isUiPath(path)) return ui(req, res, path, rt.config());

  const config = rt.config();
  const anthropic = path.startsWith('/v1/messages') || wantsAnthropicShape(req.headers);
  const fail = (e: ClientError) => sendError(res, anthropic ? anthropicErrorBody(e) : openAiErrorBody(e));
  const caller = identifyCaller(req.headers, config, rt.keys);
  if (!caller) return fail(unknownKeyError);
  if (req.method === 'GET') {
    if (path === '/metrics') {
      const text = rt.metrics.render();
      res.writeHead(200, { 'content-type': rt.metrics.contentType });
      return void res.end(text);
    }
    if (path === '/v1/models' || path === '/models') return sendJson(res, 200, modelsList(config, anthropic));
    const one = /^\/(?:v1\/)?models\/(.+)$/.exec(path);
    if (one) {
      const id = decodeModelId(one[1]!);
      if (id === null) return fail({ status: 400, type: 'invalid_request_error', message: `malformed percent-encoding in ${path}` });
      const m = modelById(config, id, anthropic);
      return m ? sendJson(res, 200, m) : fail({ status: 404, type: 'not_found_error', message: `no model "${one[1]}"` });
    }
  }
  const handler = posts[path];
  if (!handler) return fail({ status: 404, type: 'not_found_error', message: `no route for ${req.method} ${path}` });
  if (req.method !== 'POST') return fail({ status: 405, type: 'invalid_request_error', message: `${path} needs POST` });
  let text: string;
  try {
    text = await readBody(req, config.limits.maxBodyBytes, config.limits.bodyTimeoutMs);
  } catch (err) {
    if (!(err instanceof BodyTooLarge || err instanceof BodyTimeout)) throw err;
    // Answer, then hang up: the rest of the upload is never read.
    hangUpAfterAnswer(req, res);
    return err instanceof BodyTooLarge
      ? fail({ status: 413, type: 'request_too_large', message: err.message })
      : fail({ status: 408, type: 'timeout_error', message: err.message });
  }
  // Parsed here rather than in the handler: an async function keeps its parameters until it
  // returns, and the text (as large as the request, twice that when it is not all Latin-1) is
  // dead once parsed. Each handler answers a body that is not JSON in its own error format.
  await handler(req, res, parseJsonBody(text), rt, caller);
}

/** Still 200 when the cluster is degraded: the daemon serves on its local state, and says so. */
function health(rt: Runtime): { status: 'ok' | 'degraded'; cluster?: ClusterStatusDTO } {
  const cluster = rt.cluster?.status();
  if (!cluster) return { status: 'ok' };
  return { status: cluster.state === 'ok' ? 'ok' : 'degraded', cluster };
}
