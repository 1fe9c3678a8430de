import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import type { EscalationVerdict } from '../../src/engine/escalate.js';
import { shouldEscalate } from '../../src/engine/escalate.js';

describe('shouldEscalate', () => {
  it.each<[string, string, number, Config['failover']['escalate'], EscalationVerdict]>([
    ['not configured', 'ok', 1, undefined, { escalate: false }],
    ['too short', 'ok', 3, { minTokens: 20 }, { escalate: true, reason: 'answer has 3 tokens, fewer than 20' }],
    ['long enough', 'a fine answer', 20, { minTokens: 20 }, { escalate: false }],
    [
      'marker present',
      'I cannot do this. [ESCALATE]',
      200,
      { marker: '[ESCALATE]' },
      { escalate: true, reason: 'answer contains the marker "[ESCALATE]"' },
    ],
    ['marker is case-sensitive', 'please [escalate]', 200, { marker: '[ESCALATE]' }, { escalate: false }],
    ['empty marker is ignored', 'anything', 200, { marker: '' }, { escalate: false }],
    [
      'marker wins over length',
      '[ESCALATE]',
      1,
      { marker: '[ESCALATE]', minTokens: 5 },
      { escalate: true, reason: 'answer contains the marker "[ESCALATE]"' },
    ],
  ])('%s', (_name, text, tokens, escalate, expected) => {
    expect(shouldEscalate(text, tokens, escalate)).toEqual(expected);
  });
});
