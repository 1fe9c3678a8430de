// An upstream answer's body as undici hands it over, read with for-await. Chunks wait in a small
// queue; past HIGH_WATER bytes the upstream read is paused until the reader catches up, so a slow
// client slows the upstream down instead of growing memory. Cheaper than a Readable per request.

const HIGH_WATER = 64 * 1024;

export interface FlowControl {
  pause(): void;
  resume(): void;
  /** The reader stopped early: the rest of the body is not wanted. */
  cancel(): void;
}

type Waiter = { resolve(r: IteratorResult<Buffer>): void; reject(err: Error): void };

export class BodyQueue implements AsyncIterableIterator<Buffer> {
  private readonly chunks: Buffer[] = [];
  private queued = 0;
  private paused = false;
  private ended = false;
  private error: Error | null = null;
  private waiter: Waiter | null = null;

  constructor(private readonly flow: FlowControl) {}

  push(chunk: Buffer): void {
    if (this.waiter !== null) return this.settle({ value: chunk, done: false });
    this.chunks.push(chunk);
    this.queued += chunk.length;
    if (this.queued > HIGH_WATER && !this.paused) {
      this.paused = true;
      this.flow.pause();
    }
  }

  end(): void {
    this.ended = true;
    if (this.waiter !== null) this.settle({ value: undefined, done: true });
  }

  fail(err: Error): void {
    if (this.ended || this.error !== null) return;
    this.error = err;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(err);
  }

  next(): Promise<IteratorResult<Buffer>> {
    const chunk = this.chunks.shift();
    if (chunk !== undefined) {
      this.queued -= chunk.length;
      if (this.paused && this.queued <= HIGH_WATER / 2) {
        this.paused = false;
        this.flow.resume();
      }
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.error !== null) return Promise.reject(this.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<Buffer>> {
    if (!this.ended && this.error === null) this.flow.cancel();
    this.chunks.length = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The whole body as text. */
  async text(): Promise<string> {
    const parts: Buffer[] = [];
    for await (const chunk of this) parts.push(chunk);
    return parts.length === 1 ? (parts[0] as Buffer).toString('utf8') : Buffer.concat(parts).toString('utf8');
  }

  private settle(r: IteratorResult<Buffer>): void {
    const w = this.waiter as Waiter;
    this.waiter = null;
    w.resolve(r);
  }
}
