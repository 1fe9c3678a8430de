import { describe, expect, it } from 'vitest';
import { runCanaryDrill } from './secret-canaries.js';

describe('drill: secret canaries', () => {
  it('never shows a provider key in responses, the log, the database or explain', async () => {
    const r = await runCanaryDrill();
    expect(r.hits).toEqual({ 'response bodies': 0, 'response headers': 0, 'routerd.log': 0, 'router.db': 0, 'router explain': 0 });
    expect(r.alive).toBe(true);
  }, 120_000);
});
