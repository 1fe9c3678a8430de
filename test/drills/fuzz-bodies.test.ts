import { describe, expect, it } from 'vitest';
import { runFuzzDrill } from './fuzz-bodies.js';

describe('drill: fuzzed bodies', () => {
  it('answers every mutated body with a 4xx or a valid 200, never a 5xx, and stays up', async () => {
    const r = await runFuzzDrill();
    expect(r.serverErrors).toBe(0);
    expect(r.invalidOk).toBe(0);
    expect(r.noAnswer).toBe(0);
    expect(r.unhandled).toBe(0);
    expect(r.alive).toBe(true);
  }, 180_000);
});
