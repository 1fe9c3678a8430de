// The upstream HTTP client on its own, against a real local server: flow control (a reader that
// stops reading stops the upstream), early cancel, client-gone abort, and the body queue's rules.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyQueue } from '../../src/daemon/providers/body-queue.js';
import { HttpUpstream } from '../../src/daemon/providers/http-upstream.js';
import { ClientGone, type UpstreamReply } from '../../src/daemon/providers/types.js';

const MiB = 1024 * 1024;
const opts = { connectTimeoutMs: 2000, firstByteTimeoutMs: 5000, idleTimeoutMs: 5000 };

interface Producer {
  url: string;
  written: () => number;
  /** True while the producer waits for 'drain': the socket took no more. */
  blocked: () => boolean;
  finished: Promise<'done' | 'closed'>;
  server: Server;
}

/** Streams `total` bytes of SSE comments as fast as the socket takes them, counting what it wrote. */
async function producer(total: number): Promise<Producer> {
  let written = 0;
  let blocked = false;
  let finish!: (how: 'done' | 'closed') => void;
  const finished = new Promise<'done' | 'closed'>((r) => (finish = r));
  const piece = Buffer.alloc(64 * 1024, ':');
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.on('close', () => finish(res.writableFinished ? 'done' : 'closed'));
    const pump = () => {
      blocked = false;
      while (written < total) {
        written += piece.length;
        if (!res.write(piece)) {
          blocked = true;
          return void res.once('drain', pump);
        }
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    written: () => written,
    blocked: () => blocked,
    finished,
    server,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function streamOf(reply: UpstreamReply) {
  if (reply.kind !== 'stream') throw new Error(`expected a stream, got ${reply.kind}`);
  return reply;
}

describe('HttpUpstream', () => {
  it('stops reading the upstream while nobody reads the body, and delivers every byte once read', async () => {
    const total = 48 * MiB;
    const p = await producer(total);
    servers.push(p.server);
    const http = new HttpUpstream(p.url, 'openai', opts);
    const reply = streamOf(await http.post('/x', {}, '{}', true, new ClientGone()));
    // Wait until the producer stays blocked on a full socket (a reader that kept reading would unblock it at once)...
    let stillBlocked = 0;
    const deadline = Date.now() + 5000;
    while (stillBlocked < 5) {
      if (Date.now() > deadline || p.written() >= total) throw new Error(`the producer never stayed blocked (wrote ${p.written()} bytes)`);
      stillBlocked = p.blocked() ? stillBlocked + 1 : 0;
      await new Promise((r) => setTimeout(r, 20));
    }
    // ...with a few MiB in socket buffers at most: the rest must wait for the reader.
    expect(p.written()).toBeLessThan(total / 2);
    let got = 0;
    for await (const chunk of reply.chunks) got += chunk.length;
    expect(got).toBe(total);
    expect(await p.finished).toBe('done');
    await http.close();
  });

  it('drops the upstream connection when the reader stops early', async () => {
    const p = await producer(48 * MiB);
    servers.push(p.server);
    const http = new HttpUpstream(p.url, 'openai', opts);
    const reply = streamOf(await http.post('/x', {}, '{}', true, new ClientGone()));
    for await (const chunk of reply.chunks) if (chunk.length > 0) break;
    expect(await p.finished).toBe('closed');
    await http.close();
  });

  it('aborts the call when the client goes away, as a client-closed failure', async () => {
    const gone = new ClientGone();
    const server = createServer(() => gone.abort()); // never answers; the client leaves once the call is in flight
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const http = new HttpUpstream(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'openai', opts);
    const reply = await http.post('/x', {}, '{}', true, gone);
    expect(reply).toMatchObject({ kind: 'failure', failure: { clientClosed: true } });
    expect(gone.listenerCount('abort')).toBe(0);
    await http.close();
  });
});

describe('BodyQueue', () => {
  const flow = () => {
    const calls: string[] = [];
    return { calls, control: { pause: () => calls.push('pause'), resume: () => calls.push('resume'), cancel: () => calls.push('cancel') } };
  };

  it('pauses past 64 KiB queued and resumes once half of it is read', async () => {
    const f = flow();
    const q = new BodyQueue(f.control);
    for (let i = 0; i < 5; i++) q.push(Buffer.alloc(16 * 1024));
    expect(f.calls).toEqual(['pause']);
    await q.next();
    await q.next();
    expect(f.calls).toEqual(['pause']);
    await q.next();
    expect(f.calls).toEqual(['pause', 'resume']);
  });

  it('hands a chunk straight to a waiting reader, then ends', async () => {
    const q = new BodyQueue(flow().control);
    const first = q.next();
    q.push(Buffer.from('a'));
    q.end();
    expect((await first).value?.toString()).toBe('a');
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('rejects a waiting reader with the error, and cancels only an unfinished body', async () => {
    const f = flow();
    const q = new BodyQueue(f.control);
    const waiting = q.next();
    q.fail(new Error('reset'));
    await expect(waiting).rejects.toThrow('reset');
    await q.return();
    expect(f.calls).toEqual([]);

    const open = new BodyQueue(f.control);
    await open.return();
    expect(f.calls).toEqual(['cancel']);
  });
});
