// The daemon's spend service on a fake clock with a real store: budgets from config and CLI into
// state, UVI pressure from a fake quota endpoint and from monthly spend, balances, retention.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config, ProviderConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/daemon/log.js';
import { createFetchJson } from '../../src/daemon/quota/http-json.js';
import { pruneLedger } from '../../src/daemon/spend/retention.js';
import { SpendService } from '../../src/daemon/spend/service.js';
import { StateHolder } from '../../src/daemon/state/holder.js';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { makeConfig } from '../engine/config-fixture.js';
import { FakeJsonEndpoint } from '../helpers/fake-json-endpoint.js';
import { attempt, request, tempDbFile } from '../store/fixtures.js';

/** 2025-03-14T12:00Z; March has 31 days, so 13.5/31 of the month is gone. */
const NOW = Date.UTC(2025, 2, 14, 12);
const H = 3_600_000;
const endpoint = new FakeJsonEndpoint();
beforeAll(() => endpoint.start());
afterAll(() => endpoint.close());

const sim = (extra: Partial<ProviderConfig> = {}): ProviderConfig => ({
  type: 'simulated',
  billing: 'per-token',
  timeoutMs: 1,
  connectTimeoutMs: 1,
  firstByteTimeoutMs: 1,
  ...extra,
});

function configWith(extra: Partial<Config> = {}): Config {
  const base = makeConfig({ routes: { main: ['a/m', 'b/m', 'claude/opus'] } });
  return {
    ...base,
    providers: {
      a: sim(),
      b: sim(),
      claude: sim({ billing: 'subscription', quota: { url: `${endpoint.url}/api/oauth/usage`, token: 'literal-oauth' } }),
      ds: sim({ balance: { url: `${endpoint.url}/user/balance` } }),
    },
    budgets: { b: { monthly: 100 } },
    ...extra,
  };
}

let tmp: ReturnType<typeof tempDbFile>;
let store: Store;
let config: Config;
let state: StateHolder;
let spend: SpendService;
const clock = { t: NOW };

function build(): void {
  store = openStore(tmp.file);
  state = new StateHolder(
    store.state,
    () => config,
    () => clock.t,
  );
  spend = new SpendService({
    store,
    state,
    config: () => config,
    clock: () => clock.t,
    log: silentLogger,
    env: {},
    fetchJson: createFetchJson({ tries: 1 }),
  });
  spend.onConfigChange();
}

function spent(provider: string, usd: number, id: string): void {
  spend
    .watch(store.ledger)
    .enqueue(request({ decisionId: id, ts: clock.t, target: `${provider}/m` }), [
      attempt({ decisionId: id, ts: clock.t, provider, target: `${provider}/m`, costUsd: usd }),
    ]);
}
/** Spend is re-read after requests on a later turn, at most every 50 ms: wait until state shows `usd` this month. */
async function spendShows(provider: string, usd: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(Math.abs((state.current.budgets?.[provider]?.spentMonth ?? Number.NaN) - usd) <= 1e-9)) {
    if (Date.now() > deadline)
      throw new Error(`the spend of ${provider} never reached $${usd} (${JSON.stringify(state.current.budgets?.[provider])})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(() => {
  tmp = tempDbFile();
  clock.t = NOW;
  config = configWith();
  endpoint.script([200, { five_hour: { utilization: 10, resets_at: new Date(NOW + 2.5 * H).toISOString() } }]);
  build();
});
afterEach(() => {
  spend.stop();
  store.close();
  tmp.cleanup();
});

describe('budgets into state', () => {
  it('config budgets, then spend picked up right after a request is recorded', async () => {
    expect(state.current.budgets).toEqual({ b: { monthly: 100, day: '2025-03-14', spentDay: 0, month: '2025-03', spentMonth: 0 } });
    spent('b', 2.5, 'd-1');
    expect(state.current.budgets?.b?.spentMonth).toBe(0);
    await spendShows('b', 2.5);
    expect(state.current.budgets?.b).toMatchObject({ spentDay: 2.5, spentMonth: 2.5 });
  });

  it('budget set persists across a restart and beats the config', () => {
    spend.setBudget('a', 5, false);
    spend.setBudget('b', 50, true);
    spend.stop();
    state.persist();
    store.close();
    build();
    expect(state.current.budgets).toMatchObject({ a: { daily: 5 }, b: { monthly: 50 } });
    const dto = spend.budgets();
    expect(dto.budgets.find((x) => x.provider === 'a')?.daily).toEqual({ limitUsd: 5, source: 'cli', spentUsd: 0, pct: 0 });
    expect(dto.budgets.find((x) => x.provider === 'b')?.monthly).toEqual({ limitUsd: 50, source: 'cli', spentUsd: 0, pct: 0 });
  });

  it.each<[string, string, boolean, { limitUsd: number | null; source: string }]>([
    ['clearing a config budget overrides it', 'b', true, { limitUsd: null, source: 'cleared' }],
    ['clearing a CLI-only budget leaves none', 'a', false, { limitUsd: null, source: 'none' }],
  ])('%s', (_name, provider, monthly, line) => {
    spend.setBudget('a', 5, false);
    spend.setBudget(provider, null, monthly);
    const dto = spend.budgets().budgets.find((x) => x.provider === provider)!;
    expect(monthly ? dto.monthly : dto.daily).toMatchObject(line);
    expect(state.current.budgets?.[provider]).toBeUndefined();
  });

  it('a config reload with a new budget reaches state', () => {
    config = configWith({ budgets: { a: { daily: 2 } } });
    spend.onConfigChange();
    expect(state.current.budgets).toEqual({ a: { daily: 2, day: '2025-03-14', spentDay: 0, month: '2025-03', spentMonth: 0 } });
  });

  it('an unknown provider is not found', () => {
    expect(() => spend.setBudget('nope', 1, false)).toThrow(/no provider "nope"/);
  });

  it('status warns at 80% of a budget', async () => {
    spend.setBudget('a', 1, false);
    spent('a', 0.79, 'd-1');
    await spendShows('a', 0.79);
    expect(spend.statusExtras().budgetWarnings).toEqual([]);
    spent('a', 0.01, 'd-2');
    await spendShows('a', 0.8);
    expect(spend.statusExtras().budgetWarnings).toEqual(['budget a: daily $0.8000 of $1.00 (80%)']);
    spent('a', 0.3, 'd-3');
    await spendShows('a', 1.1);
    expect(spend.statusExtras().budgetWarnings).toEqual(['budget a: daily $1.10 of $1.00 (over)']);
  });

  it('a new UTC day starts the daily spend afresh', async () => {
    spend.setBudget('a', 1, false);
    spent('a', 0.9, 'd-1');
    await spendShows('a', 0.9);
    clock.t = Date.UTC(2025, 2, 15, 0, 0, 1);
    spend.recompute();
    expect(state.current.budgets?.a).toMatchObject({ day: '2025-03-15', spentDay: 0, spentMonth: 0.9 });
  });
});

describe('UVI pacing', () => {
  const quota = (pct: number, resetsIn: number) =>
    endpoint.script([200, { five_hour: { utilization: pct, resets_at: new Date(NOW + resetsIn).toISOString() } }]);

  it('off by default: verdicts shown, nothing applied', async () => {
    quota(80, 2.5 * H);
    await spend.refreshUvi();
    expect(state.current.pressure ?? {}).toEqual({});
    expect(spend.uvi().providers.find((p) => p.provider === 'claude')).toMatchObject({ level: 'stressed', pressure: 'normal', uvi: 1.6 });
  });

  it.each<[string, number, number, boolean, string | undefined]>([
    ['stressed: demoted', 80, 2.5 * H, false, 'demoted'],
    ['stressed in hard mode: blocked', 80, 2.5 * H, true, 'blocked'],
    ['critical: blocked', 100, 2.5 * H, false, 'blocked'],
    ['on pace: normal', 50, 2.5 * H, false, undefined],
    ['surplus late in the window: promoted', 30, 1 * H, false, 'promoted'],
  ])('%s', async (_name, pct, resetsIn, hard, pressure) => {
    spend.setUvi({ enabled: true, hard });
    quota(pct, resetsIn);
    await spend.refreshUvi();
    expect(state.current.pressure?.claude).toBe(pressure);
    expect(endpoint.seen[0]?.headers.authorization).toBe('Bearer literal-oauth');
  });

  it('enabled by config, overridden by the CLI, and the override survives a restart', async () => {
    config = configWith({ uvi: { enabled: true, hard: false } });
    spend.onConfigChange();
    expect(state.current.uviEnabled).toBe(true);
    spend.setUvi({ enabled: false });
    spend.stop();
    state.persist();
    store.close();
    build();
    expect(state.current.uviEnabled).toBe(false);
    expect(spend.uvi()).toMatchObject({ enabled: false, hard: false });
  });

  it('per-token spend against a monthly budget is a window of its own', async () => {
    spend.setUvi({ enabled: true });
    spent('b', 60, 'd-1');
    await spendShows('b', 60);
    // 60% of the budget with 13.5/31 of the month gone: UVI 1.38, normal.
    expect(state.current.pressure?.b).toBeUndefined();
    spent('b', 10, 'd-2');
    await spendShows('b', 70);
    // 70%: UVI 1.61, stressed.
    expect(state.current.pressure?.b).toBe('demoted');
    const b = spend.uvi().providers.find((p) => p.provider === 'b')!;
    expect(b.windows).toEqual([
      {
        name: 'month',
        source: 'budget',
        usedPct: 70,
        elapsedPct: 43.5,
        uvi: 1.61,
        level: 'stressed',
        resetsAt: '2025-04-01T00:00:00.000Z',
      },
    ]);
  });

  it('a failing quota endpoint keeps the last figures and reports the error', async () => {
    spend.setUvi({ enabled: true });
    quota(80, 2.5 * H);
    await spend.refreshUvi();
    endpoint.script([503, '']);
    const dto = await spend.refreshUvi();
    expect(state.current.pressure?.claude).toBe('demoted');
    expect(dto.providers.find((p) => p.provider === 'claude')).toMatchObject({
      fetchedAt: new Date(NOW).toISOString(),
      error: expect.stringMatching(/HTTP 503/),
    });
  });
});

describe('balances', () => {
  it('fetch asks the endpoint now; show returns the last figures', async () => {
    expect((await spend.balances(false)).balances).toEqual([
      { provider: 'ds', url: `${endpoint.url}/user/balance`, available: null, amounts: [], fetchedAt: null, error: undefined },
    ]);
    endpoint.script([
      200,
      {
        is_available: true,
        balance_infos: [{ currency: 'USD', total_balance: '7.25', granted_balance: '0.00', topped_up_balance: '7.25' }],
      },
    ]);
    const fetched = await spend.balances(true);
    expect(fetched.balances[0]).toMatchObject({
      available: true,
      amounts: [{ currency: 'USD', total: 7.25, granted: 0, toppedUp: 7.25 }],
      fetchedAt: new Date(NOW).toISOString(),
    });
    expect(endpoint.seen.map((s) => s.path)).toEqual(['/user/balance']);
    expect(await spend.balances(false)).toEqual(fetched);
  });
});

describe('retention', () => {
  it('prunes ledger rows older than ledger.retainDays; rollups stay', () => {
    const day = 86_400_000;
    store.ledger.enqueue(request({ decisionId: 'old', ts: NOW - 31 * day }), [
      attempt({ decisionId: 'old', ts: NOW - 31 * day, costUsd: 1 }),
    ]);
    store.ledger.enqueue(request({ decisionId: 'new', ts: NOW - 29 * day }), [attempt({ decisionId: 'new', ts: NOW - 29 * day })]);
    const r = pruneLedger(store.ledger, { ...config, ledger: { retainDays: 30, capturePrompts: false } }, NOW);
    // One row: the request carries its attempt.
    expect(r).toEqual({ cutoff: NOW - 30 * day, deleted: 1 });
    expect(store.ledger.get('old')).toBeNull();
    expect(store.ledger.get('new')).not.toBeNull();
    expect(store.spend.day('openai', '2025-02-11')).toBe(1);
  });
});
