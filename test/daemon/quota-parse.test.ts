import { describe, expect, it } from 'vitest';
import { atPath, parseBalance } from '../../src/daemon/quota/balance-parse.js';
import { parseQuota, parseTime } from '../../src/daemon/quota/quota-parse.js';

const NOW = Date.UTC(2025, 2, 14, 12);
const H = 3_600_000;

describe('usage answers as quota windows', () => {
  it('Anthropic subscription usage: utilization in percent, window length by name, null windows skipped', () => {
    const body = {
      five_hour: { utilization: 42, resets_at: '2025-03-14T14:00:00Z' },
      seven_day: { utilization: 12.5, resets_at: '2025-03-18T00:00:00+00:00' },
      seven_day_opus: null,
      seven_day_sonnet: { utilization: 3, resets_at: null },
      extra_usage: { is_enabled: false },
    };
    expect(parseQuota(body, NOW)).toEqual([
      { name: 'five_hour', source: 'quota', used: 0.42, resetsAt: Date.UTC(2025, 2, 14, 14), lengthMs: 5 * H },
      { name: 'seven_day', source: 'quota', used: 0.125, resetsAt: Date.UTC(2025, 2, 18), lengthMs: 168 * H },
      { name: 'seven_day_sonnet', source: 'quota', used: 0.03, resetsAt: undefined, lengthMs: 168 * H },
    ]);
  });

  it('Codex usage: used_percent, window seconds, reset as Unix time or seconds from now', () => {
    const body = {
      plan_type: 'plus',
      rate_limit: {
        primary_window: { used_percent: 80, limit_window_seconds: 18_000, reset_after_seconds: 3_600 },
        secondary_window: { used_percent: 10, limit_window_seconds: 604_800, reset_at: 1_742_169_600 },
      },
    };
    expect(parseQuota(body, NOW)).toEqual([
      { name: 'primary', source: 'quota', used: 0.8, resetsAt: NOW + H, lengthMs: 5 * H },
      { name: 'secondary', source: 'quota', used: 0.1, resetsAt: 1_742_169_600_000, lengthMs: 168 * H },
    ]);
  });

  it('generic form, and the `windows` filter from config', () => {
    const body = {
      windows: [
        { name: 'daily', used: 0.5, resetsAt: '2025-03-15T00:00:00Z', windowSeconds: 86_400 },
        { name: 'minute', usedPercent: 90, resetsAt: NOW + 30_000, windowSeconds: 60 },
        { utilization: 5 },
        { name: 'junk' },
      ],
    };
    expect(parseQuota(body, NOW).map((w) => [w.name, w.used, w.resetsAt, w.lengthMs])).toEqual([
      ['daily', 0.5, Date.UTC(2025, 2, 15), 86_400_000],
      ['minute', 0.9, NOW + 30_000, 60_000],
      ['window3', 0.05, undefined, undefined],
    ]);
    expect(parseQuota(body, NOW, ['daily']).map((w) => w.name)).toEqual(['daily']);
  });

  it.each([
    ['not an object', [1, 2]],
    ['no known window', { hello: 'world' }],
    ['an error body', { error: { type: 'authentication_error' } }],
  ])('refuses %s', (_name, body) => {
    expect(() => parseQuota(body, NOW)).toThrow();
  });

  it.each<[unknown, number | undefined]>([
    ['2025-03-14T14:00:00Z', Date.UTC(2025, 2, 14, 14)],
    [1_742_169_600, 1_742_169_600_000],
    [1_742_169_600_000, 1_742_169_600_000],
    ['1742169600', 1_742_169_600_000],
    ['soon', undefined],
    [null, undefined],
    [0, undefined],
  ])('parseTime(%j)', (v, t) => expect(parseTime(v)).toBe(t));
});

describe('balance answers', () => {
  it('DeepSeek /user/balance: amounts are strings', () => {
    const body = {
      is_available: true,
      balance_infos: [
        { currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' },
        { currency: 'USD', total_balance: '5.5', granted_balance: '0', topped_up_balance: '5.5' },
      ],
    };
    expect(parseBalance(body)).toEqual({
      available: true,
      amounts: [
        { currency: 'CNY', total: 110, granted: 10, toppedUp: 100 },
        { currency: 'USD', total: 5.5, granted: 0, toppedUp: 5.5 },
      ],
    });
  });

  it.each<[string, unknown, string, number]>([
    ['dotted path', { data: { credits: 12.5 } }, 'data.credits', 12.5],
    ['array index', { balances: [{ amount: '3.25' }] }, 'balances[0].amount', 3.25],
    ['leading $.', { total: 0 }, '$.total', 0],
  ])('generic JSON path: %s', (_name, body, path, total) => {
    expect(parseBalance(body, path)).toEqual({ available: total > 0, amounts: [{ currency: '', total }] });
  });

  it('a path that finds no number, and an unknown answer without a path, are errors', () => {
    expect(() => parseBalance({ data: {} }, 'data.credits')).toThrow('no number at "data.credits"');
    expect(() => parseBalance({ credits: 5 })).toThrow('set `balance.path`');
  });

  it.each<[unknown, string, unknown]>([
    [{ a: { b: [1, { c: 'x' }] } }, 'a.b[1].c', 'x'],
    [{ a: [5] }, 'a.0', 5],
    [{ a: 1 }, 'a.b', undefined],
    [{ a: [1] }, 'a.x', undefined],
  ])('atPath(%j, %s)', (body, path, value) => expect(atPath(body, path)).toEqual(value));
});
