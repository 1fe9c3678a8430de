// Drill (a) as a test: every stream open at once, whole and started within 3 s, the daemon alive; the peak RSS bar
// (≤ 150 MB with 1,000 streams) is held in the full profile, where the figure means something.
import { describe, expect, it } from 'vitest';
import { FULL } from '../helpers/drill-kit.js';
import { PEAK_BAR_MB, runOpenStreamsDrill, START_BAR_MS } from './open-streams.js';

describe('drill: open-stream memory', () => {
  it('holds every stream open at once and delivers each one whole', async () => {
    const r = await runOpenStreamsDrill();
    expect(r.openAtOnce).toBe(r.streams);
    expect(r.whole).toBe(r.streams);
    expect(r.alive).toBe(true);
    expect(Math.max(...r.startMs)).toBeLessThanOrEqual(START_BAR_MS);
    if (FULL) expect(r.peakMb).toBeLessThanOrEqual(PEAK_BAR_MB);
  }, 180_000);
});
