// A JSON endpoint on 127.0.0.1 that answers with scripted replies (the last one repeats) and
// records what it was sent: stands in for quota and balance endpoints.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Reply {
  status: number;
  body: string;
}

export class FakeJsonEndpoint {
  url = '';
  seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  private replies: Reply[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.seen.push({ path: req.url ?? '', headers: req.headers });
    const r = this.replies.length > 1 ? this.replies.shift()! : (this.replies[0] ?? { status: 200, body: '{}' });
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  script(...replies: Array<[number, unknown]>): void {
    this.replies = replies.map(([status, body]) => ({ status, body: typeof body === 'string' ? body : JSON.stringify(body) }));
    this.seen = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
