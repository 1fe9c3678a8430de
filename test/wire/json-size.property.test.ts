// jsonSize must say what JSON.stringify(value).length says once each escape counts as the one
// character it stands for: for any JSON data (any UTF-16 in strings and keys, numbers, nesting), and
// for the `undefined` and functions JSON.stringify leaves out of objects or writes as null in arrays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSize } from '../../src/wire/json-size.js';

/** JSON.stringify's length with every escape (\n, \", \\, \u001f, a lone surrogate's \udXXX) as one character. */
const unescapedLength = (v: unknown): number => JSON.stringify(v).replace(/\\(?:u[0-9a-fA-F]{4}|[^u])/g, '_').length;

describe('jsonSize', () => {
  it('is the length of the JSON, each escape counted as one character, for generated JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 }), (v) => {
        expect(jsonSize(v)).toBe(unescapedLength(v));
      }),
      { numRuns: 200 },
    );
  });

  it('counts a string by its characters whatever needs escaping', () => {
    const unit = fc.constantFrom('a', '"', '\\', '\n', '\t', '\u0001', '\ud83d', '\ude00', 'é', '—');
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit }), fc.string({ unit }), { maxKeys: 4 }), (v) => {
        expect(jsonSize(v)).toBe(unescapedLength(v));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and is exact where nothing is escaped', () => {
    const values: unknown[] = [
      { a: undefined, b: 1, c: () => 1, d: Symbol('x'), e: [undefined, () => 1, Symbol('y'), null] },
      { key: -0, n: 1e21, m: -1.5e-7, inf: Infinity, nan: NaN },
      [],
      {},
      { a: undefined },
      [[[]], { x: [{}] }, [1]],
      true,
      false,
      null,
      [
        {
          type: 'function',
          name: 'exec_command',
          parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
        },
      ],
    ];
    for (const v of values) expect(jsonSize(v)).toBe(JSON.stringify(v).length);
  });
});
