import { describe, expect, it } from 'vitest';
import type { ModelEntry, ProviderType } from '../../src/config/schema.js';
import { canPrefill, continuationTarget, prefillOf, spliceNote, type ContinuationPick } from '../../src/engine/continuation.js';
import { target } from './config-fixture.js';

const plan = ['oa/gpt', 'an/claude', 'ds/chat', 'vl/local'].map((id) => target(id));
const types: Record<string, ProviderType> = { oa: 'openai', an: 'anthropic', ds: 'openai-compatible', vl: 'openai-compatible' };
const catalog: Record<string, ModelEntry> = { 'ds/chat': { prefill: true }, 'oa/gpt': { prefill: false } };
const base = {
  attempts: plan,
  entryOf: (t: { id: string }) => catalog[t.id],
  providerTypeOf: (t: { provider: string }) => types[t.provider],
};

describe('continuationTarget', () => {
  it.each<[string, number, number[], ContinuationPick]>([
    ['the next target that can prefill', 0, [], { kind: 'continue', index: 1, notes: [] }],
    [
      'after the broken one first, then wrapping round',
      2,
      [],
      {
        kind: 'continue',
        index: 1,
        notes: [
          'continuation skipped vl/local: it cannot continue a partial answer (models."vl/local".prefill)',
          'continuation skipped oa/gpt: it cannot continue a partial answer (models."oa/gpt".prefill)',
        ],
      },
    ],
    ['excluded targets are not asked again, silently', 0, [1], { kind: 'continue', index: 2, notes: [] }],
    [
      'none left',
      0,
      [1, 2],
      { kind: 'none', notes: ['continuation skipped vl/local: it cannot continue a partial answer (models."vl/local".prefill)'] },
    ],
    [
      'never the broken target itself',
      1,
      [2],
      {
        kind: 'none',
        notes: [
          'continuation skipped vl/local: it cannot continue a partial answer (models."vl/local".prefill)',
          'continuation skipped oa/gpt: it cannot continue a partial answer (models."oa/gpt".prefill)',
        ],
      },
    ],
  ])('%s', (_name, broken, excluded, expected) => {
    expect(continuationTarget({ ...base, broken, excluded: new Set(excluded) })).toEqual(expected);
  });

  it.each<[ModelEntry | undefined, ProviderType | undefined, boolean]>([
    [undefined, 'anthropic', true],
    [undefined, 'openai-compatible', false],
    [{ prefill: true }, 'openai-compatible', true],
    [{ prefill: false }, 'anthropic', false],
  ])('canPrefill(%j, %s) = %s', (entry, type, expected) => {
    expect(canPrefill(entry, type)).toBe(expected);
  });

  it('the prefill drops trailing whitespace, and says so', () => {
    expect(prefillOf('w1 w2 ')).toEqual({ prefill: 'w1 w2', dropLeadingSpace: true });
    expect(prefillOf('w1 w2')).toEqual({ prefill: 'w1 w2', dropLeadingSpace: false });
  });

  it('the splice note names the offset', () => {
    expect(spliceNote(target('a/x'), target('b/y'), 120, 'stream cut')).toBe(
      'spliced b/y into the stream at character 120 after a/x broke: stream cut',
    );
  });
});
