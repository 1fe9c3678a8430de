// Keep-alives for streams whose upstream is slow to start. Once a stream has waited `everyMs`
// without content, its 200 and stream headers go out and a frame the client ignores follows every
// `everyMs` (Anthropic `ping` events, SSE comments for OpenAI clients), so idle timeouts in clients
// and proxies do not cut it. No content has gone out yet, so failover still works on the same
// response. One shared timer serves every waiting stream: a stream only joins and leaves a list.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

const TICK_MS = 1000;

interface Waiting {
  res: ServerResponse;
  frame: string;
  headers: () => OutgoingHttpHeaders;
  due: number;
  /** Where it sits in `waiting`; -1 once it has left. */
  slot: number;
}

export interface KeepAliveHandle {
  /** Content is about to go out (or the request is over): no more keep-alives. */
  stop(): void;
}

const NONE: KeepAliveHandle = { stop() {} };

export class KeepAlives {
  // An array with swap-removal, not a Set: every stream joins and leaves, and a Set under that churn
  // rehashes into a new table every few dozen streams while each retired table keeps a link to its
  // successor. Once a full GC has moved one table to the old generation, that chain keeps every later
  // table, and the finished streams they held, alive through young-generation GCs: promoted bytes
  // went up fivefold and CPU per request by 15% (bench, anthropic<-openai), for good, after the
  // daemon's first full GC.
  private readonly waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly everyMs: () => number,
    private readonly clock: () => number,
  ) {}

  /** Starts watching a stream; `headers` are asked for only when the first keep-alive goes out. */
  watch(res: ServerResponse, frame: string, headers: () => OutgoingHttpHeaders): KeepAliveHandle {
    const every = this.everyMs();
    if (every <= 0) return NONE;
    const w: Waiting = { res, frame, headers, due: this.clock() + every, slot: this.waiting.length };
    this.waiting.push(w);
    if (this.timer === null) {
      this.timer = setInterval(() => this.tick(), Math.min(TICK_MS, every));
      this.timer.unref();
    }
    return { stop: () => this.leave(w) };
  }

  private leave(w: Waiting): void {
    if (w.slot < 0) return;
    const last = this.waiting.pop() as Waiting;
    if (last !== w) {
      this.waiting[w.slot] = last;
      last.slot = w.slot;
    }
    w.slot = -1;
  }

  private tick(): void {
    // Stopped here rather than when the last stream leaves, so a steady trickle of short streams
    // does not create and clear a timer each.
    if (this.waiting.length === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      return;
    }
    const every = this.everyMs();
    // Turned off by a reload: the streams simply wait without keep-alives.
    if (every <= 0) {
      for (const w of this.waiting) w.slot = -1;
      this.waiting.length = 0;
      return;
    }
    const now = this.clock();
    // Backwards, so the stream a removal swaps into slot i has been seen already.
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i] as Waiting;
      if (w.due > now) continue;
      if (w.res.destroyed || w.res.writableEnded) {
        this.leave(w);
        continue;
      }
      if (!w.res.headersSent) w.res.writeHead(200, w.headers());
      w.res.write(w.frame);
      w.due = now + every;
    }
  }
}
