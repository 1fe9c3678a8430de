import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/engine/random.js';
import { outcomeTable } from '../../src/learn/dataset.js';
import type { LabeledItem } from '../../src/learn/dataset.js';
import { pseudoFamilies } from '../../src/learn/pseudo-families.js';
import { defaultTrainOptions, featureMatrix, scoreRows, trainGainModel } from '../../src/learn/train.js';
import { chooseTransfer, fitForTransfer, minItemsToChoose } from '../../src/learn/transfer.js';

const shuffled = (n: number, rng: () => number): Int32Array => {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};
const order = (n: number) => (epoch: number) => shuffled(n, seededRandom(1_000 + epoch));
const t = { ...defaultTrainOptions, bits: 14, epochs: 6 };

// Four vocabularies (task families); within each, questions with "NOT" are the ones the weak model
// misses and the strong one gets, and longer ones lean the same way.
const vocab = [
  ['matrix', 'vector', 'eigenvalue', 'kernel', 'basis'],
  ['contract', 'tort', 'plaintiff', 'statute', 'court'],
  ['enzyme', 'protein', 'membrane', 'cell', 'gene'],
  ['poem', 'novel', 'author', 'verse', 'metaphor'],
];
function synthetic(n: number): LabeledItem[] {
  const rng = seededRandom(9);
  return Array.from({ length: n }, (_, i) => {
    const words = vocab[i % vocab.length]!;
    const hard = rng() < 0.3;
    const len = 4 + Math.floor(rng() * 12) + (hard ? 6 : 0);
    const text = Array.from({ length: len }, () => words[Math.floor(rng() * words.length)]).join(' ');
    const gain = hard ? rng() < 0.7 : rng() < 0.1;
    return {
      id: String(i),
      prompt: `Which is ${hard ? 'NOT ' : ''}true of the ${text}?\nA. one\nB. two\nC. three\nD. four\nAnswer:`,
      outcomes: { 'p/strong': gain ? 1 : rng() < 0.8 ? 1 : 0, 'p/weak': gain ? 0 : rng() < 0.85 ? 1 : 0 },
      line: i + 1,
    };
  });
}

describe('pseudo-families', () => {
  it('puts prompts of two disjoint vocabularies in two clusters, without labels', () => {
    const items = synthetic(80).filter((_, i) => i % 4 < 2);
    const x = featureMatrix(
      items.map((it) => it.prompt),
      t.bits,
    );
    const rows = Int32Array.from(items.keys());
    const family = pseudoFamilies(x, rows, 2);
    const first = family.filter((_, r) => r % 2 === 0);
    const second = family.filter((_, r) => r % 2 === 1);
    expect(new Set(first).size).toBe(1);
    expect(new Set(second).size).toBe(1);
    expect(first[0]).not.toBe(second[0]);
  });
});

describe('leave-cluster-out early stopping', () => {
  const items = synthetic(minItemsToChoose + 200);
  const x = featureMatrix(
    items.map((it) => it.prompt),
    t.bits,
  );
  const table = outcomeTable(items, 'p/strong', 'p/weak');
  const rows = Int32Array.from(items.keys());

  it('picks an epoch count within the budget, the same on every run', () => {
    const a = chooseTransfer(x, table, rows, t, order);
    expect(a.epochs).toBeGreaterThanOrEqual(1);
    expect(a.epochs).toBeLessThanOrEqual(t.epochs);
    expect(a.validated).toBe(true);
    expect(chooseTransfer(x, table, rows, t, order)).toEqual(a);
  });

  it('trains all the epochs when there are too few items to validate on', () => {
    expect(chooseTransfer(x, table, rows.slice(0, minItemsToChoose - 1), t, order)).toEqual({ epochs: t.epochs, validated: false });
  });

  it('trains the heads exactly as long as chosen, and the model it returns ranks the gain', () => {
    const { model, choice } = fitForTransfer(x, table, rows, t, order, { epochs: 2, validated: false });
    expect(choice).toEqual({ epochs: 2, validated: false });
    const direct = trainGainModel(x, table.strong, table.weak, rows, { ...t, epochs: 2 }, order(rows.length));
    expect(model.heads.map((h) => h.bias)).toEqual(direct.heads.map((h) => h.bias));
    expect(Array.from(model.heads[0]!.weights)).toEqual(Array.from(direct.heads[0]!.weights));
    const three = trainGainModel(x, table.strong, table.weak, rows, { ...t, epochs: 3 }, order(rows.length));
    expect(three.heads[0]!.bias).not.toBe(model.heads[0]!.bias);
    expect(model.calibration?.gainQuantiles).toHaveLength(101);
    const scores = scoreRows(model, x, rows);
    const mean = (gain: boolean) => {
      const picked = Array.from(rows).filter((i) => table.strong[i]! - table.weak[i]! > 0 === gain);
      return picked.reduce((s, i) => s + scores[i]!, 0) / picked.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false) + 0.1);
  });
});
