import { describe, expect, it } from 'vitest';
import { runSocketAbuse } from './socket-abuse.js';

describe('drill: socket abuse', () => {
  it('keeps answering a well-behaved client and answers garbage with a 4xx', async () => {
    const r = await runSocketAbuse();
    expect(r.normalSent).toBeGreaterThan(0);
    expect(r.normalOk).toBe(r.normalSent);
    expect(r.garbageAnswered4xx).toBe(r.garbage);
    expect(r.unhandled).toBe(0);
    expect(r.alive).toBe(true);
  }, 120_000);
});
