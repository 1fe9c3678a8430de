// The edge's JSON check on its own: depth counted iteratively, the limit exact, no stack used.
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan, parseJsonBody } from '../../src/daemon/http/json-body.js';

const nest = (levels: number, open = '[', close = ']'): string => open.repeat(levels) + close.repeat(levels);

describe('parseJsonBody', () => {
  it('accepts exactly MAX_JSON_DEPTH levels and refuses one more', () => {
    expect(parseJsonBody(nest(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(parseJsonBody(nest(MAX_JSON_DEPTH + 1))).toEqual({
      ok: false,
      message: `request body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`,
    });
  });

  it('refuses a million levels without a stack overflow', () => {
    const text = '{"a":'.repeat(1_000_000) + '1' + '}'.repeat(1_000_000);
    const r = parseJsonBody(text);
    expect(r.ok).toBe(false);
  });

  it('counts depth per branch, not in total', () => {
    const wide = { a: [[1]], b: { c: { d: [2] } }, e: 'x' };
    expect(nestedDeeperThan(wide, 4)).toBe(false);
    expect(nestedDeeperThan(wide, 3)).toBe(true);
    expect(nestedDeeperThan('scalar', 0)).toBe(false);
  });

  it('still reports invalid JSON as such', () => {
    expect(parseJsonBody('{"model":')).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
  });
});
