import { describe, expect, it } from 'vitest';
import { runDisconnectStorm } from './disconnect-storm.js';

describe('drill: disconnect storm', () => {
  it('stays up, writes a ledger row for every request and logs no unhandled error', async () => {
    const r = await runDisconnectStorm();
    expect(r.hungUp).toBe(r.clients);
    expect(r.missingRows).toBe(0);
    expect(r.unhandled).toBe(0);
    expect(r.answersAfter).toBe(true);
  }, 120_000);
});
