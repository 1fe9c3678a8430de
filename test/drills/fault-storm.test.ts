import { describe, expect, it } from 'vitest';
import { runFaultStorm } from './fault-storm.js';

describe('drill: mixed fault storm', () => {
  it('never presents a broken answer as a success, and writes a ledger row for every request', async () => {
    const r = await runFaultStorm();
    expect(r.counts['wrong-success']).toBe(0);
    expect(r.noDecision).toBe(0);
    expect(r.missingRows).toBe(0);
    expect(r.unhandled).toBe(0);
    expect(r.alive).toBe(true);
  }, 180_000);
});
