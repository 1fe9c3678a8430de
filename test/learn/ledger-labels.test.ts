import { describe, expect, it } from 'vitest';
import type { LedgerExchange } from '../../src/learn/ledger-labels.js';
import { evidence, ledgerItems, minLabelled, notEnoughLabels } from '../../src/learn/ledger-labels.js';
import { capturedChars, redactPrompt } from '../../src/learn/redact.js';

const S = 'p/strong';
const W = 'p/weak';
const x = (over: Partial<LedgerExchange>): LedgerExchange => ({ decisionId: 'd', prompt: 'q', attempts: [], ...over });

describe('labels from the ledger', () => {
  it('a rating labels the target it names', () => {
    expect(evidence(x({ attempts: [{ target: W, outcome: 'ok' }], rating: { rating: 'bad', target: W } }))).toEqual(new Map([[W, 0]]));
    expect(evidence(x({ attempts: [{ target: W, outcome: 'ok' }], rating: { rating: 'good', target: W } }))).toEqual(new Map([[W, 1]]));
  });

  it('an escalation fails the held-back answer and credits the kept one; a rating overrides', () => {
    const escalated = x({
      attempts: [
        { target: W, outcome: 'ok' },
        { target: S, outcome: 'ok' },
      ],
    });
    expect(evidence(escalated)).toEqual(
      new Map([
        [W, 0],
        [S, 1],
      ]),
    );
    expect(evidence({ ...escalated, rating: { rating: 'bad', target: S } }).get(S)).toBe(0);
  });

  it('a context-length refusal fails that model; operational failures teach nothing', () => {
    expect(
      evidence(
        x({
          attempts: [
            { target: W, outcome: 'failed', errorClass: 'context_length' },
            { target: S, outcome: 'ok' },
          ],
        }),
      ),
    ).toEqual(new Map([[W, 0]]));
    expect(evidence(x({ attempts: [{ target: W, outcome: 'failed', errorClass: 'rate_limit' }] }))).toEqual(new Map());
  });

  it('fills the other model: weak known -> strong assumed right; strong wrong -> weak wrong; strong right alone is skipped', () => {
    const l = ledgerItems(
      [
        x({ decisionId: 'a', rating: { rating: 'bad', target: W } }),
        x({ decisionId: 'b', rating: { rating: 'good', target: W } }),
        x({ decisionId: 'c', rating: { rating: 'bad', target: S } }),
        x({ decisionId: 'd', rating: { rating: 'good', target: S } }),
        x({ decisionId: 'e', rating: { rating: 'good', target: 'other/model' } }),
      ],
      S,
      W,
    );
    expect(l.items.map((it) => [it.id, it.outcomes[S], it.outcomes[W]])).toEqual([
      ['a', 1, 0],
      ['b', 1, 1],
      ['c', 0, 0],
    ]);
    expect(l).toMatchObject({ captured: 5, labelled: 3, weakFailed: 2, weakFine: 1 });
  });

  it('keeps the real length of a redacted prompt', () => {
    const l = ledgerItems([x({ prompt: 'mail [email]', chars: 30, rating: { rating: 'bad', target: W } })], S, W);
    expect(l.items[0]!.chars).toBe(30);
  });

  it('says how many labels it needs and found', () => {
    const few = ledgerItems([x({ rating: { rating: 'bad', target: W } })], S, W);
    expect(notEnoughLabels(few, S, W)).toMatch(
      new RegExp(`need at least ${minLabelled} .*found 1 \\(1 failed, 0 did well\\) among 1 captured`),
    );
    const many = ledgerItems(
      Array.from({ length: 60 }, (_, i) => x({ decisionId: `d${i}`, rating: { rating: i % 2 ? 'bad' : 'good', target: W } })),
      S,
      W,
    );
    expect(notEnoughLabels(many, S, W)).toBeUndefined();
    const oneSided = ledgerItems(
      Array.from({ length: 60 }, (_, i) => x({ decisionId: `d${i}`, rating: { rating: 'good', target: W } })),
      S,
      W,
    );
    expect(notEnoughLabels(oneSided, S, W)).toMatch(/found 60 \(0 failed, 60 did well\)/);
  });
});

describe('prompt redaction', () => {
  it.each([
    ['write to jane.doe+x@mail.example.org today', 'write to [email] today'],
    ['my key is sk-ant-api03-AbCdEf0123456789xyz ok', 'my key is [key] ok'],
    ['Authorization: Bearer abc.def-123456789', 'Authorization: Bearer [key]'],
    ['password = hunter22', 'password = [key]'],
    ['token: "q1w2e3r4"', 'token: [key]'],
    ['card 4111 1111 1111 1111 exp', 'card [number] exp'],
    ['call +1 555-123-4567', 'call +[number]'],
    ['id a1b2c3d4e5f6a7b8c9d0e1f2a3b4 end', 'id [key] end'],
    ['what is 12 * 345? year 2024', 'what is 12 * 345? year 2024'],
  ])('%s', (text, want) => {
    expect(redactPrompt(text)).toBe(want);
  });

  it('bounds the length', () => {
    expect(redactPrompt('a'.repeat(capturedChars * 2))).toHaveLength(capturedChars);
  });
});
