import { describe, expect, it } from 'vitest';
import { runSigkillDrill } from './sigkill.js';

describe('drill: SIGKILL under load', () => {
  it('restarts with an intact database and loses at most one flush window of ledger rows', async () => {
    const r = await runSigkillDrill();
    expect(r.restarted).toBe(true);
    expect(r.integrity).toBe('ok');
    expect(r.completed).toBeGreaterThan(0);
    expect(r.lost).toBeLessThanOrEqual(r.windowRows);
  }, 120_000);
});
