// A streamed answer. Until the first content the attempt may still fail over, so nothing is written;
// the first content commits the client to this stream, and a later break is handed to the rescue
// (rescue.ts: a continuation spliced in, or an in-stream error; never a fake success). A
// continuation attempt runs through here too: the headers are already out, the rest is the same.
import { StringDecoder } from 'node:string_decoder';
import type { UpstreamFailure } from '../engine/classify.js';
import type { AttemptBook } from './attempt-book.js';
import type { AttemptEnd } from './attempt.js';
import { streamHeaders, write } from './client-reply.js';
import type { Run } from './exchange.js';
import { classifyNetworkError } from './providers/http-upstream.js';
import type { UpstreamStreamReply } from './providers/types.js';
import type { StreamSession } from './relay/types.js';
import type { UpstreamFormat } from '../wire/errors.js';

interface Broken {
  failure: UpstreamFailure;
  message: string;
}

export function relayStream(
  run: Run,
  book: AttemptBook,
  session: StreamSession,
  reply: UpstreamStreamReply,
  format: UpstreamFormat,
): Promise<AttemptEnd> {
  return new StreamRelay(run, book, session, reply, format).relay();
}

/** Budgets of a second or more: the guard's delay is rounded up to this, so it may fire this much late. */
const GUARD_STEP_MS = 50;

/**
 * The first-content guard's delay: what is left of the budget. Node keeps one timer list per
 * distinct delay, and a delay that differs by the milliseconds each stream took to open made a list
 * (and its heap entry) per stream: ~4 us of CPU per stream in --cpu-prof (setTimeout, insert and
 * unenroll), most of the watcher's cost. Rounded up, streams share a few lists.
 */
export function guardDelay(budget: number, elapsed: number): number {
  const left = Math.max(0, budget - elapsed);
  return budget >= 1000 ? Math.ceil(left / GUARD_STEP_MS) * GUARD_STEP_MS : left;
}

class StreamRelay {
  /** Client bytes produced before the first content, written at the commit. */
  private pending = '';
  /** Set at the commit: from then on the client is this target's. */
  private ttftMs: number | undefined;
  private broken: Broken | undefined;
  /** What goes out with the end of the response: one write instead of two. */
  private tail = '';
  /** Upstream bytes become text here; multi-byte characters split across chunks stay whole. */
  private readonly utf8 = new StringDecoder('utf8');
  private stalled = false;
  /** The upstream's text as it came, when a mid-stream rescue may need to know what was sent. */
  private readonly chunks: string[] | undefined;

  constructor(
    private readonly run: Run,
    private readonly book: AttemptBook,
    private readonly session: StreamSession,
    private readonly reply: UpstreamStreamReply,
    private readonly format: UpstreamFormat,
  ) {
    this.chunks = run.recordStreams ? [] : undefined;
  }

  async relay(): Promise<AttemptEnd> {
    const provider = this.run.config.providers[this.book.target.provider];
    const budget = provider?.firstTokenTimeoutMs ?? provider?.firstByteTimeoutMs ?? 120_000;
    const stallTimer = this.guardFirstContent(budget);
    try {
      await this.pump();
    } catch (err) {
      const failure = this.run.gone.aborted
        ? { clientClosed: true }
        : this.stalled
          ? { network: 'timeout' as const }
          : classifyNetworkError(err);
      this.broken = { failure, message: this.stalled ? `no content within ${budget} ms` : (err as Error).message };
    } finally {
      clearTimeout(stallTimer);
    }
    return this.settle();
  }

  /**
   * A stream that opened but sends no content is as dead as one that never opened: the same
   * first-byte budget covers both, so a stall before content still fails over.
   */
  private guardFirstContent(budget: number): NodeJS.Timeout {
    return setTimeout(
      () => {
        if (this.ttftMs !== undefined) return;
        this.stalled = true;
        this.reply.cancel();
      },
      guardDelay(budget, this.book.elapsed()),
    );
  }

  private async pump(): Promise<void> {
    const res = this.run.x.res;
    for await (const chunk of this.reply.chunks) {
      const text = typeof chunk === 'string' ? chunk : this.utf8.write(chunk);
      this.chunks?.push(text);
      const step = this.session.push(text);
      if (this.ttftMs === undefined) {
        this.pending += step.out;
        if (step.content) {
          this.commit();
          await write(res, this.pending);
          this.pending = '';
        }
      } else if (step.out) {
        await write(res, step.out);
      }
      if (step.failure) {
        this.broken = step.failure;
        return;
      }
    }
    const rest = this.utf8.end();
    if (rest) this.chunks?.push(rest);
    const last = rest ? this.session.push(rest) : undefined;
    const end = this.session.end();
    this.broken = last?.failure ?? end.failure;
    // A stream that ends well without content (an empty answer) is still this target's answer.
    if (this.ttftMs === undefined && !this.broken) this.commit();
    this.tail = this.pending + (last?.out ?? '') + end.out;
  }

  private commit(): void {
    const { x, keepAlive } = this.run;
    this.ttftMs = this.book.elapsed();
    keepAlive?.stop();
    // Keep-alives may have sent the headers already, before the target was known.
    if (!x.res.headersSent) x.res.writeHead(200, streamHeaders(x, this.book.seq, this.book.target));
  }

  private settle(): AttemptEnd {
    const { x } = this.run;
    const status = this.reply.status;
    if (this.ttftMs === undefined) {
      const broken = this.broken as Broken;
      return this.book.failed(broken.failure, broken.message, status);
    }
    if (this.broken) {
      // The client has content: what follows (a continuation, or the in-stream error) is the rescue's.
      const failed = this.book.failed(
        this.broken.failure,
        this.broken.message,
        status,
        {},
        { ttftMs: this.ttftMs, usage: this.session.usage },
      );
      return { kind: 'broken', failed, tail: this.tail, chunks: this.chunks, format: this.format };
    }
    x.res.end(this.tail);
    this.book.succeeded(this.ttftMs, this.session.usage, { finishReason: this.session.finishReason });
    if (this.chunks) x.cacheFill?.({ format: this.format, chunks: this.chunks }, this.book.target);
    return { kind: 'answered' };
  }
}
