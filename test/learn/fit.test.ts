import { describe, expect, it } from 'vitest';
import { thresholdFor } from '../../src/engine/learned-blend.js';
import { learnedScore } from '../../src/engine/learned-score.js';
import { readItems } from '../../src/learn/dataset.js';
import { fitModel } from '../../src/learn/fit.js';
import { learnStatusText } from '../../src/cli/render/eval.js';
import { openStore } from '../../src/store/store.js';

const items = readItems(new URL('../fixtures/learn/tiny-outcomes.jsonl', import.meta.url).pathname);

describe('fitModel', () => {
  const fit = fitModel(items, { strong: 'p/strong', weak: 'p/weak', quality: 0.95 });
  const cal = fit.model.calibration!;

  it('stores the blend and a threshold per quality; stricter qualities never get a higher threshold', () => {
    expect(fit.model.version).toBe(4);
    // 60 items: too few to validate the epoch count on held-out pseudo-families, so all of them.
    expect(fit.meta.transfer).toEqual({ epochs: 12, validated: false });
    expect(cal.gainQuantiles).toHaveLength(101);
    expect(cal.lengthQuantiles[0]).toBeLessThanOrEqual(cal.lengthQuantiles[100]!);
    expect(cal.thresholds.map((t) => t.quality)).toEqual(Array.from({ length: 51 }, (_, k) => (50 + k) / 100));
    for (let k = 1; k < cal.thresholds.length; k++)
      expect(cal.thresholds[k]!.threshold).toBeLessThanOrEqual(cal.thresholds[k - 1]!.threshold);
    expect(thresholdFor(cal, -1, 0.95)).toBe(fit.model.threshold);
  });

  it('learn status says how long it trained and why', () => {
    const text = learnStatusText({ version: 1, createdAt: '2026-12-06T00:00:00.000Z', threshold: fit.model.threshold, meta: fit.meta });
    expect(text).toContain('trained 12 epoch(s): too few items to validate the count on held-out pseudo-families');
    const validated = { ...fit.meta, transfer: { epochs: 2, validated: true } };
    expect(learnStatusText({ version: 1, createdAt: '', threshold: 0.5, meta: validated })).toContain(
      'trained 2 epoch(s): the count that held up best on held-out pseudo-families',
    );
  });

  it('a format-3 model stored before the shape features loads and scores as it was trained', () => {
    const store = openStore(':memory:');
    try {
      const old = { ...fit.model, version: 3 };
      store.learned.save(old, fit.meta, 1);
      const back = store.learned.latest()!.model;
      expect(back.version).toBe(3);
      const prompt = items[0]!.prompt;
      expect(learnedScore(back, prompt)).toBe(learnedScore(old, prompt));
      // The same weights read as format 4 also add the question-shape features: another score.
      expect(learnedScore(back, prompt)).not.toBe(learnedScore(fit.model, prompt));
    } finally {
      store.close();
    }
  });

  it('scores in 0..1 and survives a round trip through router.db', () => {
    const store = openStore(':memory:');
    try {
      store.learned.save(fit.model, fit.meta, 1);
      const back = store.learned.latest()!.model;
      expect(back.calibration).toEqual(cal);
      for (const it of items.slice(0, 10)) {
        const s = learnedScore(back, it.prompt);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s).toBe(learnedScore(fit.model, it.prompt));
      }
    } finally {
      store.close();
    }
  });
});
