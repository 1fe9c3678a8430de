import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';

describe('learned models in router.db', () => {
  it('none at first; each save is a new version and the newest comes back whole', () => {
    const store = openStore(':memory:');
    try {
      expect(store.learned.latest()).toBeNull();
      const weights = Float32Array.from({ length: 16 }, (_, i) => i / 3);
      const other = Float32Array.from({ length: 16 }, (_, i) => -i);
      expect(store.learned.save({ version: 2, bits: 4, heads: [{ bias: -1.25, weights }], threshold: 0.3 }, { items: 2 }, 1000)).toBe(1);
      expect(
        store.learned.save(
          {
            version: 2,
            bits: 4,
            heads: [
              { bias: 0.5, weights },
              { bias: -2, weights: other },
            ],
            threshold: 0.4,
          },
          { items: 3 },
          2000,
        ),
      ).toBe(2);
      const got = store.learned.latest()!;
      expect(got).toMatchObject({ version: 2, createdAt: 2000, meta: { items: 3 }, model: { version: 2, bits: 4, threshold: 0.4 } });
      expect(got.model.heads.map((h) => [h.bias, Array.from(h.weights)])).toEqual([
        [0.5, Array.from(weights)],
        [-2, Array.from(other)],
      ]);
    } finally {
      store.close();
    }
  });
});
