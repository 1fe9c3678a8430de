// Trace and span ids for export: random bytes drawn 64 KB at a time and handed out in slices,
// because one crypto call per request (or per span) cost more than the ids are worth. A draw costs
// ~2 us in a tight loop but ~50 us inside the daemon under load (perf: OpenSSL's state cold each
// time), so with 4 KB draws (one per 128 JSON requests) it was 0.38 us of every request; 64 KB
// draws make that ~0.03 us.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 64 * 1024;

export class SpanIds {
  readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private at = POOL_BYTES;

  /** `fill` puts fresh random bytes in the pool (tests give a predictable one). */
  constructor(private readonly fill: (pool: Buffer) => void = randomFillSync) {}

  /** Where `bytes` fresh random bytes start in `pool` (refilled when fewer are left). */
  take(bytes: number): number {
    if (this.at + bytes > POOL_BYTES) {
      this.fill(this.pool);
      this.at = 0;
    }
    const from = this.at;
    this.at += bytes;
    return from;
  }
}
