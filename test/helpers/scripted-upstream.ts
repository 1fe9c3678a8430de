// A fake upstream that answers each request with the next scripted reply (the last one repeats):
// raw status, headers and body chunks written one by one, then end, reset or hang. The
// format-specific fakes (fake-anthropic, fake-gemini, fake-ollama) build their replies on it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  chunks?: string[];
  /** Pause between chunks, so each reaches the router as its own read. */
  gapMs?: number;
  /** After the chunks: end the response (default), drop the connection, or leave it open. */
  finish?: 'end' | 'reset' | 'hang';
}

export type Responder = (r: Received) => Reply;

export interface ScriptedUpstream {
  /** http://127.0.0.1:PORT */
  origin: string;
  received: Received[];
  script(...responders: Responder[]): void;
  close(): Promise<void>;
}

export async function startScriptedUpstream(first: Responder): Promise<ScriptedUpstream> {
  let queue: Responder[] = [first];
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(raw || '{}') as Record<string, unknown>,
      };
      received.push(r);
      const responder = queue.length > 1 ? queue.shift()! : queue[0]!;
      void play(responder(r), res);
    });
  });
  async function play(reply: Reply, res: import('node:http').ServerResponse): Promise<void> {
    res.writeHead(reply.status ?? 200, reply.headers ?? { 'content-type': 'application/json' });
    for (const c of reply.chunks ?? []) {
      res.write(c);
      if (reply.gapMs) await new Promise((r) => setTimeout(r, reply.gapMs));
    }
    if (reply.finish === 'reset') setTimeout(() => res.socket?.destroy(), 20);
    else if (reply.finish !== 'hang') res.end();
  }
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    script: (...responders) => {
      queue = responders;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  chunks: [JSON.stringify(body)],
});

export const sse = (events: string[], extra: Partial<Reply> = {}): Reply => ({
  status: 200,
  headers: { 'content-type': 'text/event-stream' },
  chunks: events,
  gapMs: 2,
  ...extra,
});
