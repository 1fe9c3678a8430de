// A fake upstream that speaks the real OpenAI Chat Completions wire format (JSON and SSE) and
// injects faults on demand: each request takes the next scripted behaviour (the last one repeats).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour =
  | { kind: 'text'; text: string; model?: string }
  | { kind: 'tool'; name: string; args: string }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'stall' }
  | { kind: 'reset-mid-stream'; text: string }
  | { kind: 'malformed-sse' }
  | { kind: 'eof-without-done'; text: string }
  | { kind: 'stall-after-role' };

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeUpstream {
  url: string;
  received: Received[];
  script(...b: Behaviour[]): void;
  close(): Promise<void>;
}

const ID = 'chatcmpl-fake';

function chunk(delta: object, finish: string | null = null, model = 'fake-model'): string {
  return `data: ${JSON.stringify({ id: ID, object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  let queue: Behaviour[] = [{ kind: 'text', text: 'hello from upstream' }];
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const b = queue.length > 1 ? queue.shift()! : queue[0]!;
      const stream = body.stream === true;
      const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
      const wantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      // A dated snapshot may answer for the alias it was asked for (`model` in the script).
      const model = b.kind === 'text' && b.model !== undefined ? b.model : String(body.model ?? 'fake-model');
      switch (b.kind) {
        case 'status':
          res.writeHead(b.status, { 'content-type': 'application/json', ...b.headers });
          res.end(
            JSON.stringify(
              b.body ?? {
                error: { message: `fake ${b.status}`, type: b.status === 429 ? 'rate_limit_error' : 'server_error', code: null },
              },
            ),
          );
          return;
        case 'stall':
          return; // never answers
        case 'text':
        case 'tool': {
          const message =
            b.kind === 'text'
              ? { role: 'assistant', content: b.text, refusal: null }
              : {
                  role: 'assistant',
                  content: null,
                  tool_calls: [{ id: 'call_1', type: 'function', function: { name: b.name, arguments: b.args } }],
                };
          const finish = b.kind === 'text' ? 'stop' : 'tool_calls';
          if (!stream) {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                id: ID,
                object: 'chat.completion',
                created: 1,
                model,
                choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
                usage,
              }),
            );
            return;
          }
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk({ role: 'assistant', content: '' }, null, model));
          if (b.kind === 'text') {
            for (const piece of b.text.match(/\S+\s*/g) ?? []) res.write(chunk({ content: piece }, null, model));
          } else {
            res.write(
              chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: b.name, arguments: '' } }] }, null, model),
            );
            const half = Math.ceil(b.args.length / 2);
            res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: b.args.slice(0, half) } }] }, null, model));
            res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: b.args.slice(half) } }] }, null, model));
          }
          res.write(chunk({}, finish, model));
          if (wantsUsage)
            res.write(`data: ${JSON.stringify({ id: ID, object: 'chat.completion.chunk', created: 1, model, choices: [], usage })}\n\n`);
          res.end('data: [DONE]\n\n');
          return;
        }
        case 'reset-mid-stream':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk({ role: 'assistant', content: '' }));
          res.write(chunk({ content: b.text }));
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        case 'malformed-sse':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end('data: {"id": not json\n\n');
          return;
        case 'eof-without-done':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk({ role: 'assistant', content: '' }));
          res.end(chunk({ content: b.text }));
          return;
        case 'stall-after-role':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk({ role: 'assistant', content: '' }));
          return;
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    script: (...b) => {
      queue = b;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port with nothing listening: connection refused. */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
