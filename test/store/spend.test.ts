import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { attempt, request, tempDbFile } from './fixtures.js';

const at = (iso: string): number => Date.parse(iso);

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
beforeEach(() => {
  tmp = tempDbFile();
  store = openStore(tmp.file, { flushIntervalMs: 60_000 });
  const anthropic = { provider: 'anthropic', target: 'anthropic/claude-sonnet-4', model: 'claude-sonnet-4' };
  const ollama = { provider: 'ollama', target: 'ollama/llama3', model: 'llama3' };
  store.ledger.enqueue(request({ decisionId: 'd-1', ts: at('2025-03-14T23:59:59.000Z') }), [
    attempt({ decisionId: 'd-1', seq: 1, ts: at('2025-03-14T23:59:59.000Z'), costUsd: 0.1 }),
    attempt({ decisionId: 'd-1', seq: 2, ts: at('2025-03-14T23:59:59.999Z'), costUsd: 0.2, ...anthropic }),
  ]);
  store.ledger.enqueue(request({ decisionId: 'd-2', ts: at('2025-03-14T10:00:00.000Z') }), [
    attempt({ decisionId: 'd-2', ts: at('2025-03-14T10:00:00.000Z'), costUsd: 0.2 }),
  ]);
  store.ledger.enqueue(request({ decisionId: 'd-3', ts: at('2025-03-15T00:00:00.000Z') }), [
    attempt({ decisionId: 'd-3', seq: 1, ts: at('2025-03-15T00:00:00.000Z'), costUsd: 0, outcome: 'failed', tokensIn: 0, tokensOut: 0 }),
    attempt({ decisionId: 'd-3', seq: 2, ts: at('2025-03-15T00:00:01.000Z'), costUsd: 0.7 }),
    attempt({ decisionId: 'd-3', seq: 3, ts: at('2025-03-15T00:00:02.000Z'), costUsd: 0, ...ollama }),
  ]);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const cases = [
  ['day', () => store.spend.day('openai', '2025-03-14'), 0.3],
  ['day on the next UTC day', () => store.spend.day('openai', '2025-03-15'), 0.7],
  ['day of another provider', () => store.spend.day('anthropic', '2025-03-14'), 0.2],
  ['day with no spend', () => store.spend.day('openai', '2025-03-13'), 0],
  ['unknown provider', () => store.spend.day('gemini', '2025-03-14'), 0],
  ['range, both ends inclusive', () => store.spend.range('openai', '2025-03-14', '2025-03-15'), 1],
  ['range of one day', () => store.spend.range('openai', '2025-03-15', '2025-03-15'), 0.7],
  ['month range', () => store.spend.range('openai', '2025-03-01', '2025-03-31'), 1],
  ['empty range', () => store.spend.range('openai', '2025-04-01', '2025-04-30'), 0],
  ['byProvider over both days', () => store.spend.byProvider('2025-03-14', '2025-03-15'), { anthropic: 0.2, ollama: 0, openai: 1 }],
  ['byProvider over the first day', () => store.spend.byProvider('2025-03-14', '2025-03-14'), { anthropic: 0.2, openai: 0.3 }],
  ['byProvider with nothing', () => store.spend.byProvider('2024-01-01', '2024-01-31'), {}],
] as const;

describe('spend rollup', () => {
  it.each(cases)('%s (flushed)', (_name, read, expected) => {
    store.ledger.flush();
    expect(read()).toEqual(expected);
  });

  it.each(cases)('%s (still queued)', (_name, read, expected) => {
    expect(store.ledger.pending()).toBe(3);
    expect(read()).toEqual(expected);
  });

  it('sums exactly: 0.1 + 0.2 is 0.3', () => {
    store.ledger.flush();
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(store.spend.day('openai', '2025-03-14')).toBe(0.3);
  });

  it('keeps per provider/day rows with attempt, failure and token counts', () => {
    store.ledger.flush();
    const db = new Database(tmp.file, { readonly: true });
    expect(db.prepare('SELECT * FROM spend_daily ORDER BY provider, day').all()).toEqual([
      { provider: 'anthropic', day: '2025-03-14', cost_nusd: 200_000_000, attempts: 1, failed: 0, tokens_in: 1200, tokens_out: 300 },
      { provider: 'ollama', day: '2025-03-15', cost_nusd: 0, attempts: 1, failed: 0, tokens_in: 1200, tokens_out: 300 },
      { provider: 'openai', day: '2025-03-14', cost_nusd: 300_000_000, attempts: 2, failed: 0, tokens_in: 2400, tokens_out: 600 },
      { provider: 'openai', day: '2025-03-15', cost_nusd: 700_000_000, attempts: 2, failed: 1, tokens_in: 1200, tokens_out: 300 },
    ]);
    db.close();
  });

  it('adds to existing rows across flushes', () => {
    store.ledger.flush();
    store.ledger.enqueue(request({ decisionId: 'd-4' }), [
      attempt({ decisionId: 'd-4', ts: at('2025-03-14T08:00:00.000Z'), costUsd: 0.05 }),
    ]);
    store.ledger.flush();
    expect(store.spend.day('openai', '2025-03-14')).toBe(0.35);
  });

  it('keeps an hourly request rollup per route and target', () => {
    store.ledger.flush();
    const db = new Database(tmp.file, { readonly: true });
    expect(db.prepare('SELECT hour, route, target, requests, ok, cost_nusd, ttft_count FROM requests_hourly ORDER BY hour').all()).toEqual([
      {
        hour: at('2025-03-14T10:00:00.000Z'),
        route: 'default',
        target: 'openai/gpt-4o-mini',
        requests: 1,
        ok: 1,
        cost_nusd: 360_000,
        ttft_count: 1,
      },
      {
        hour: at('2025-03-14T23:00:00.000Z'),
        route: 'default',
        target: 'openai/gpt-4o-mini',
        requests: 1,
        ok: 1,
        cost_nusd: 360_000,
        ttft_count: 1,
      },
      {
        hour: at('2025-03-15T00:00:00.000Z'),
        route: 'default',
        target: 'openai/gpt-4o-mini',
        requests: 1,
        ok: 1,
        cost_nusd: 360_000,
        ttft_count: 1,
      },
    ]);
    db.close();
  });
});
