// A fake upstream for failover drills: speaks the real OpenAI Chat Completions or Anthropic Messages
// wire format and plays one scripted fault per request (the last one repeats). Every healthy answer
// is the same numbered text ("w1 w2 … wN "), one word per SSE event, so a test can check that the
// client got the whole answer exactly once. A request whose last message is the assistant's (a
// prefill) is answered with the rest of that text after the prefill, as a model that continues would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'ok'; words?: number }
  /** A healthy stream that drips one word every `everyMs`: keeps many streams open at once. */
  | { kind: 'drip'; everyMs: number; words?: number }
  /** An error status; `times` applies when used through `times()`. */
  | { kind: 'status'; status: number; retryAfter?: number; body?: unknown }
  /** The connection is dropped before any header. */
  | { kind: 'reset' }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Headers at once, then silence for `pauseMs` (keep-alive comments every `pingMs` if set), then the answer. */
  | { kind: 'slow-first'; pauseMs: number; pingMs?: number }
  /** K words, then the connection is dropped (no terminating event). */
  | { kind: 'cut'; after: number }
  /** K words, then silence for `closeAfterMs`, then a clean close with no terminating event. */
  | { kind: 'stall'; after: number; closeAfterMs: number }
  /** The Kth SSE event (1-based) is not JSON. */
  | { kind: 'bad-event'; at: number }
  /** A complete answer (finish reason and usage) without `data: [DONE]` (OpenAI) or message_stop (Anthropic: dropped too). */
  | { kind: 'no-done' }
  | { kind: 'context-length' }
  | { kind: 'content-policy' }
  /** 400 when the request ends with an assistant message (prefill), else healthy. */
  | { kind: 'reject-prefill' }
  /** Non-streamed: the JSON body is cut half-way and the connection dropped. */
  | { kind: 'cut-json' }
  /** Non-streamed: headers, then silence. */
  | { kind: 'stall-json' }
  /** An error status whose message quotes the credentials the request carried (as some providers do). */
  | { kind: 'echo-auth'; status: number }
  /** K words, then an in-stream error event whose message quotes the request's credentials. */
  | { kind: 'echo-auth-in-stream'; after: number };

export interface FaultReceived {
  body: Record<string, unknown>;
  at: number;
}

export interface FaultUpstream {
  /** Base URL as a provider's baseUrl wants it (…/v1). */
  url: string;
  format: 'openai' | 'anthropic';
  model: string;
  received: FaultReceived[];
  script(...faults: Fault[]): void;
  close(): Promise<void>;
}

export const WORDS = 60;
export const answerText = (n = WORDS): string => Array.from({ length: n }, (_, i) => `w${i + 1} `).join('');

const lastMessage = (body: Record<string, unknown>): { role?: string; content?: unknown } | undefined => {
  const m = body.messages;
  return Array.isArray(m) ? (m.at(-1) as { role?: string; content?: unknown }) : undefined;
};

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((b) => (typeof (b as { text?: unknown }).text === 'string' ? (b as { text: string }).text : '')).join('');
  return '';
}

/** What this request should be answered with: the whole text, or the rest after an assistant prefill. */
function pieces(body: Record<string, unknown>, words: number): { prefill: boolean; parts: string[] } {
  const full = answerText(words);
  const last = lastMessage(body);
  if (last?.role !== 'assistant') return { prefill: false, parts: full.match(/\S+\s*/g) ?? [] };
  const prefix = textOf(last.content);
  const rest = full.startsWith(prefix) ? full.slice(prefix.length) : ' (continuation did not match)';
  // A continuing model starts where the prefill stopped, leading space included.
  return { prefill: true, parts: rest.match(/\s*\S+\s*/g) ?? [] };
}

/** What the request carried as credentials (Authorization or x-api-key), for the echoing faults. */
const credentials = (req: IncomingMessage): string => String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Codec {
  head(model: string): string;
  word(text: string, model: string): string;
  finish(model: string, words: number): string;
  done: string;
  errorBody(type: string, code: string | undefined, message: string): unknown;
  json(text: string, model: string, words: number): unknown;
}

const openAiCodec: Codec = {
  head: (model) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`,
  word: (text, model) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`,
  finish: (model, words) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n` +
    `data: ${JSON.stringify({ id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 12, completion_tokens: words, total_tokens: 12 + words } })}\n\n`,
  done: 'data: [DONE]\n\n',
  errorBody: (type, code, message) => ({ error: { message, type, param: null, code: code ?? null } }),
  json: (text, model, words) => ({
    id: 'chatcmpl-fault',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 12, completion_tokens: words, total_tokens: 12 + words },
  }),
};

const ev = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;

const anthropicCodec: Codec = {
  head: (model) =>
    ev('message_start', {
      message: {
        id: 'msg_fault',
        type: 'message',
        role: 'assistant',
        content: [],
        model,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: 1 },
      },
    }) + ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  word: (text) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
  finish: (_model, words) =>
    ev('content_block_stop', { index: 0 }) +
    ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: words } }),
  done: ev('message_stop', {}),
  errorBody: (type, _code, message) => ({ type: 'error', error: { type, message } }),
  json: (text, model, words) => ({
    id: 'msg_fault',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: words },
  }),
};

export async function startFaultUpstream(format: 'openai' | 'anthropic' = 'openai', model = 'fault-model'): Promise<FaultUpstream> {
  let queue: Fault[] = [{ kind: 'ok' }];
  const received: FaultReceived[] = [];
  const sockets = new Set<Socket>();
  const codec = format === 'openai' ? openAiCodec : anthropicCodec;

  function sendError(
    res: ServerResponse,
    status: number,
    type: string,
    code: string | undefined,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(codec.errorBody(type, code, message)));
  }

  async function healthy(
    res: ServerResponse,
    body: Record<string, unknown>,
    words: number,
    opts: {
      cutAfter?: number;
      stall?: { after: number; ms: number };
      badAt?: number;
      noDone?: boolean;
      pauseMs?: number;
      pingMs?: number;
      everyMs?: number;
    } = {},
  ): Promise<void> {
    const { parts } = pieces(body, words);
    const answered = String(body.model ?? model);
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(codec.json(parts.join(''), answered, parts.length)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    if (opts.pauseMs) {
      const until = Date.now() + opts.pauseMs;
      while (Date.now() < until && !res.destroyed) {
        await sleep(Math.min(opts.pingMs ?? opts.pauseMs, until - Date.now()));
        if (opts.pingMs && !res.destroyed) res.write(format === 'openai' ? ': keep-alive\n\n' : ev('ping', {}));
      }
    }
    res.write(codec.head(answered));
    let event = 1;
    for (let i = 0; i < parts.length; i++) {
      if (res.destroyed) return;
      if (opts.cutAfter === i) {
        await sleep(5);
        res.socket?.destroy();
        return;
      }
      if (opts.stall?.after === i) {
        await sleep(opts.stall.ms);
        res.end();
        return;
      }
      event++;
      res.write(opts.badAt === event ? 'data: {"id": not json\n\n' : codec.word(parts[i] as string, answered));
      if (opts.everyMs) await sleep(opts.everyMs);
      else if (i % 8 === 7) await sleep(1);
    }
    res.write(codec.finish(answered, parts.length));
    if (opts.noDone) return void res.end();
    res.end(codec.done);
  }

  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      received.push({ body, at: Date.now() });
      const f = queue.length > 1 ? (queue.shift() as Fault) : (queue[0] as Fault);
      void play(f, body, res, credentials(req));
    });
  });

  async function play(f: Fault, body: Record<string, unknown>, res: ServerResponse, creds: string): Promise<void> {
    switch (f.kind) {
      case 'ok':
        return healthy(res, body, f.words ?? WORDS);
      case 'drip':
        return healthy(res, body, f.words ?? WORDS, { everyMs: f.everyMs });
      case 'status': {
        const headers: Record<string, string> = f.retryAfter === undefined ? {} : { 'retry-after': String(f.retryAfter) };
        if (f.body !== undefined) {
          res.writeHead(f.status, { 'content-type': 'application/json', ...headers });
          return void res.end(JSON.stringify(f.body));
        }
        const type =
          f.status === 429
            ? format === 'openai'
              ? 'rate_limit_exceeded'
              : 'rate_limit_error'
            : f.status === 529
              ? 'overloaded_error'
              : 'api_error';
        return sendError(res, f.status, type, undefined, `fault ${f.status}`, headers);
      }
      case 'reset':
        return void res.socket?.destroy();
      case 'hang':
        return;
      case 'slow-first':
        return healthy(res, body, WORDS, { pauseMs: f.pauseMs, pingMs: f.pingMs });
      case 'cut':
        return healthy(res, body, WORDS, { cutAfter: f.after });
      case 'stall':
        return healthy(res, body, WORDS, { stall: { after: f.after, ms: f.closeAfterMs } });
      case 'bad-event':
        return healthy(res, body, WORDS, { badAt: f.at });
      case 'no-done':
        return healthy(res, body, WORDS, { noDone: true });
      case 'context-length':
        return format === 'openai'
          ? sendError(res, 400, 'invalid_request_error', 'context_length_exceeded', "This model's maximum context length is 8192 tokens")
          : sendError(res, 400, 'invalid_request_error', undefined, 'prompt is too long: 9000 tokens > 8192 maximum');
      case 'content-policy':
        return sendError(
          res,
          400,
          'invalid_request_error',
          'content_policy_violation',
          'Your request was rejected as a result of our safety system.',
        );
      case 'reject-prefill':
        if (lastMessage(body)?.role === 'assistant')
          return sendError(res, 400, 'invalid_request_error', undefined, 'This model does not support assistant message prefill.');
        return healthy(res, body, WORDS);
      case 'cut-json': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const whole = JSON.stringify(codec.json(answerText(), String(body.model ?? model), WORDS));
        res.write(whole.slice(0, whole.length >> 1));
        await sleep(5);
        return void res.socket?.destroy();
      }
      case 'stall-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        return;
      case 'echo-auth':
        return sendError(
          res,
          f.status,
          f.status === 401 ? 'authentication_error' : 'api_error',
          undefined,
          `Incorrect API key provided: ${creds}`,
        );
      case 'echo-auth-in-stream': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const answered = String(body.model ?? model);
        res.write(codec.head(answered));
        for (const w of (answerText().match(/\S+\s*/g) ?? []).slice(0, f.after)) res.write(codec.word(w, answered));
        const error = codec.errorBody('api_error', undefined, `upstream failed for key ${creds}`);
        res.end(format === 'openai' ? `data: ${JSON.stringify(error)}\n\n` : `event: error\ndata: ${JSON.stringify(error)}\n\n`);
        return;
      }
    }
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    format,
    model,
    received,
    script: (...faults) => {
      queue = faults;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** `n` copies of a fault, then the rest (for "503 twice, then healthy"). */
export function times(n: number, f: Fault, ...then: Fault[]): Fault[] {
  return [...Array.from({ length: n }, () => f), ...(then.length ? then : [{ kind: 'ok' } as Fault])];
}
