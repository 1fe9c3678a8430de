// `router eval`'s ASCII chart: a router whose curve is drawn over at every point is named as hidden
// in the legend instead of being listed as if it could be found.
import { describe, expect, it } from 'vitest';
import { evalText } from '../../src/cli/render/eval.js';
import type { EvalReport, RouterReport } from '../../src/learn/evaluate.js';

const curve = (accuracy: (share: number) => number): RouterReport['curve'] =>
  Array.from({ length: 11 }, (_, s) => ({ share: s / 10, accuracy: accuracy(s / 10) }));
const router = (name: RouterReport['router'], c: RouterReport['curve']): RouterReport => ({
  router: name,
  curve: c,
  strongShare: 0.5,
  apgr: 0.5,
  cost: null,
});

function report(routers: RouterReport[]): EvalReport {
  return {
    items: 100,
    strong: { model: 's/strong', accuracy: 0.8 },
    weak: { model: 'w/weak', accuracy: 0.6 },
    quality: 0.95,
    targetAccuracy: 0.76,
    method: 'test',
    routers,
  };
}

const legend = (text: string): string => text.split('\n').at(-1)!;

describe('eval chart legend', () => {
  it('says which curve lies under the others', () => {
    const same = curve((s) => 0.6 + 0.2 * s);
    const text = evalText(
      report([
        router('learned', same),
        router('length', same),
        router(
          'oracle',
          curve(() => 0.8),
        ),
      ]),
    );
    expect(legend(text)).toContain('L learned  n length (under the others)  o oracle');
    expect(text).not.toMatch(/\| .* n /);
  });

  it('names every router plainly when each shows somewhere', () => {
    const text = evalText(
      report([
        router(
          'learned',
          curve((s) => 0.6 + 0.2 * Math.sqrt(s)),
        ),
        router(
          'length',
          curve((s) => 0.6 + 0.2 * s),
        ),
      ]),
    );
    expect(legend(text)).toContain('L learned  n length  · target');
    expect(legend(text)).not.toContain('under the others');
  });
});
