// Keep-alives for streams whose upstream is slow to start. Once a stream has waited `everyMs`
// without content, its 200 and stream headers go out and a frame the client ignores follows every
// `everyMs` (Anthropic `ping` events, SSE comments for OpenAI clients), so idle timeouts in clients
// and proxies do not cut it. No content has gone out yet, so failover still works on the same
// response. One shared timer serves every waiting stream: a stream only joins and leaves a set.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

const TICK_MS = 1000;

interface Waiting {
  res: ServerResponse;
  frame: string;
  headers: () => OutgoingHttpHeaders;
  due: number;
}

export interface KeepAliveHandle {
  /** Content is about to go out (or the request is over): no more keep-alives. */
  stop(): void;
}

const NONE: KeepAliveHandle = { stop() {} };

export class KeepAlives {
  private readonly waiting = new Set<Waiting>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly everyMs: () => number,
    private readonly clock: () => number,
  ) {}

  /** Starts watching a stream; `headers` are asked for only when the first keep-alive goes out. */
  watch(res: ServerResponse, frame: string, headers: () => OutgoingHttpHeaders): KeepAliveHandle {
    const every = this.everyMs();
    if (every <= 0) return NONE;
    const w: Waiting = { res, frame, headers, due: this.clock() + every };
    this.waiting.add(w);
    if (this.timer === null) {
      this.timer = setInterval(() => this.tick(), Math.min(TICK_MS, every));
      this.timer.unref();
    }
    return { stop: () => void this.waiting.delete(w) };
  }

  private tick(): void {
    // Stopped here rather than when the last stream leaves, so a steady trickle of short streams
    // does not create and clear a timer each.
    if (this.waiting.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      return;
    }
    const every = this.everyMs();
    // Turned off by a reload: the streams simply wait without keep-alives.
    if (every <= 0) return this.waiting.clear();
    const now = this.clock();
    for (const w of this.waiting) {
      if (w.due > now) continue;
      if (w.res.destroyed || w.res.writableEnded) {
        this.waiting.delete(w);
        continue;
      }
      if (!w.res.headersSent) w.res.writeHead(200, w.headers());
      w.res.write(w.frame);
      w.due = now + every;
    }
  }
}
