import { describe, expect, it } from 'vitest';
import { runConfigEditsDrill } from './config-edits.js';

describe('drill: live config edits', () => {
  it('refuses broken, empty, truncated and exposure-weakening configs while traffic keeps flowing (bound by --listen)', async () => {
    const r = await runConfigEditsDrill('flag');
    expect(r.acceptedWrongly).toEqual([]);
    expect(r.refusedWrongly).toBe(0);
    expect(r.unauthenticatedOk).toBe(0);
    expect(r.failed).toBe(0);
    expect(r.alive).toBe(true);
  }, 120_000);

  it('refuses the same edits when the address beyond loopback came from the file itself', async () => {
    const r = await runConfigEditsDrill('file');
    expect(r.acceptedWrongly).toEqual([]);
    expect(r.refusedWrongly).toBe(0);
    expect(r.unauthenticatedOk).toBe(0);
    expect(r.failed).toBe(0);
    expect(r.alive).toBe(true);
  }, 120_000);
});
