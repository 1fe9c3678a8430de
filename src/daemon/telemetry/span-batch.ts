// One export request's body while it fills: the encoded spans of finished requests, appended as each
// request ends, with room kept in front for the envelope (resource, scope) that is written once the
// batch leaves. Bytes in one buffer, not span objects, so a queued span costs the garbage collector
// nothing; a sent batch's buffer is reused for a later one.

/** First size of a batch buffer; it doubles as needed and keeps its size when reused. */
const FIRST_BYTES = 64 * 1024;

export class SpanBatch {
  buf: Buffer;
  /** Where the spans start: the envelope goes in the `headRoom` bytes before. */
  readonly start: number;
  /** The end of what is written. */
  at: number;
  spans = 0;

  constructor(readonly headRoom: number) {
    this.buf = Buffer.allocUnsafe(headRoom + FIRST_BYTES);
    this.start = headRoom;
    this.at = headRoom;
  }

  /** Room for `bytes` more at `at`, growing the buffer (positions stay valid). */
  ensure(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** Appends text as UTF-8. */
  text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.ensure(s.length * 3);
    this.at += this.buf.write(s, this.at);
  }

  /** Appends bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  /** The whole body: `head` right before the spans, `tail` right after them. */
  body(head: Uint8Array, tail: Uint8Array): Buffer {
    if (head.length > this.start) throw new Error(`envelope of ${head.length} bytes does not fit the batch's ${this.start}`);
    this.ensure(tail.length);
    this.buf.set(head, this.start - head.length);
    this.buf.set(tail, this.at);
    return this.buf.subarray(this.start - head.length, this.at + tail.length);
  }

  /** Empty again, for reuse. */
  reset(): void {
    this.at = this.start;
    this.spans = 0;
  }
}
