// Spend and pacing commands against a real daemon: budget, uvi, balance, stats, rate, events.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bar, sparkline } from '../../src/cli/render/charts.js';
import { DaemonClient } from '../../src/cli/client.js';
import { usd } from '../../src/cli/render/spend.js';
import { parseSince } from '../../src/cli/time-window.js';
import { FakeJsonEndpoint } from '../helpers/fake-json-endpoint.js';
import { cli, startDaemon, tempHome, type RunningDaemon } from '../helpers/router.js';

const H = 3_600_000;
const BIN = new URL('../../bin/run.js', import.meta.url).pathname;
const usage = new FakeJsonEndpoint();

const config = (endpoint: string) => `# spend test config
providers:
  sim-a: { type: simulated, simulate: { text: "from a" } }
  sim-b: { type: simulated, simulate: { text: "from b" } }
  sim-c: { type: simulated, simulate: { text: "from c" } }
  sub:
    type: simulated
    billing: subscription
    simulate: { text: "from sub" }
    quota: { url: "${endpoint}/api/oauth/usage", token: "oauth-test" }
  ds: { type: simulated, balance: { url: "${endpoint}/user/balance" } }
models:
  "sim-a/one": { price: { input: 10, output: 30 } }
  "sim-b/two": { price: { input: 1, output: 2 } }
routes:
  main: { strategy: ordered, targets: [sim-a/one, sim-b/two] }
  paced: { targets: [sub/x, sim-b/two] }
  rated: { strategy: ordered, targets: [sim-c/three, sim-b/two] }
rules:
  - name: avoid-badly-rated
    when: { route: rated, ratingBelow: 0.5 }
    then: { excludeProviders: [sim-c] }
`;

let d: RunningDaemon;
const json = async (args: string[]) => {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(String(r.stdout));
};
const send = async (route: string) => (await json(['route', '--prompt', 'hi', '--route', route])) as { decisionId: string; target: string };

beforeAll(async () => {
  await usage.start();
  usage.script([200, { five_hour: { utilization: 80, resets_at: new Date(Date.now() + 2.5 * H).toISOString() } }]);
  d = await startDaemon(config(usage.url), tempHome());
});
afterAll(async () => {
  await d.stop();
  await usage.close();
});

describe('helpers of the spend commands', () => {
  const now = Date.UTC(2025, 2, 14, 12);
  it.each([
    ['90s', now - 90_000],
    ['15m', now - 900_000],
    ['6h', now - 6 * H],
    ['1.5d', now - 36 * H],
    ['2025-03-14T09:00:00Z', Date.UTC(2025, 2, 14, 9)],
    ['2025-03-01', Date.UTC(2025, 2, 1)],
  ])('--since %s', (text, ms) => expect(parseSince(text, now)).toBe(ms));

  it.each(['soon', '15 minutes', '2025-03-15T00:00:00Z'])('--since %s is a usage error', (text) => {
    expect(() => parseSince(text, now)).toThrow(expect.objectContaining({ code: 'usage' }));
  });

  it.each<[number, string]>([
    [0, ''],
    [0.5, '██████████'],
    [0.03, '▋'],
    [1, '█'.repeat(20)],
    [2, '█'.repeat(20)],
  ])('bar(%s)', (fraction, text) => expect(bar(fraction)).toBe(text));

  it.each<[number, string]>([
    [0, '$0.00'],
    [12.345, '$12.35'],
    [0.0123, '$0.0123'],
    [0.0000412, '$0.000041'],
  ])('usd(%s)', (n, text) => expect(usd(n)).toBe(text));

  it('sparkline scales to the largest value', () => {
    expect(sparkline([0, 1, 2, 4])).toBe('▁▃▅█');
    expect(sparkline([])).toBe('');
  });
});

describe('router budget', () => {
  it('a request that would exceed the budget goes to the next provider, explain says why, and the budget survives a restart', async () => {
    expect((await send('main')).target).toBe('sim-a/one');
    const set = await json(['budget', 'set', 'sim-a', '0.01']);
    expect(set.budgets.find((b: { provider: string }) => b.provider === 'sim-a').daily).toMatchObject({ limitUsd: 0.01, source: 'cli' });
    const moved = await send('main');
    expect(moved.target).toBe('sim-b/two');
    const explained = await cli(d.home, ['explain', moved.decisionId]);
    expect(explained.stdout).toMatch(
      /sim-a\/one\s+dropped\s+over budget: sim-a daily budget \$0\.0100: \$0\.000\d spent \+ ~\$0\.0300 this request = \d+%/,
    );

    await json(['budget', 'set', 'sim-a', '0.0001']);
    const status = await cli(d.home, ['status']);
    expect(status.stdout).toMatch(/budget sim-a: daily \$0\.000\d of \$0\.0001 \(over\)/);
    // The status line's current target is what the planner would pick now: over budget, not sim-a.
    expect(status.stdout).toMatch(/^route main → sim-b\/two/);

    await d.stop();
    d = await startDaemon(undefined, d.home);
    const after = await json(['budget']);
    expect(after.budgets.find((b: { provider: string }) => b.provider === 'sim-a').daily).toMatchObject({
      limitUsd: 0.0001,
      source: 'cli',
    });
    expect((await send('main')).target).toBe('sim-b/two');
    await json(['budget', 'clear', 'sim-a']);
    expect((await send('main')).target).toBe('sim-a/one');
  });

  it.each([
    [['budget', 'set', 'sim-a'], 2],
    [['budget', 'set', 'sim-a', 'lots'], 2],
    [['budget', 'set', 'nope', '1'], 4],
    [['budget', 'clear'], 2],
  ])('%j exits %i', async (args, code) => {
    expect((await cli(d.home, args)).exitCode).toBe(code);
  });
});

describe('router uvi', () => {
  it('shows real figures from the quota endpoint, paces when enabled, excludes in hard mode', async () => {
    const shown = await json(['uvi', 'refresh']);
    expect(shown).toMatchObject({ enabled: false, hard: false });
    const sub = shown.providers.find((p: { provider: string }) => p.provider === 'sub');
    expect(sub).toMatchObject({ level: 'stressed', pressure: 'normal', windows: [{ name: 'five_hour', source: 'quota', usedPct: 80 }] });
    expect(sub.uvi).toBeCloseTo(1.6, 1);
    expect(usage.seen.at(-1)?.headers).toMatchObject({ authorization: 'Bearer oauth-test', 'anthropic-beta': 'oauth-2025-04-20' });
    expect((await cli(d.home, ['uvi'])).stdout).toMatch(/sub\s+stressed\s+five_hour \(quota\)\s+80%\s+50(\.\d)?%\s+1\.6/);

    expect((await json(['uvi', 'enable'])).providers.find((p: { provider: string }) => p.provider === 'sub').pressure).toBe('demoted');
    const demoted = await send('paced');
    expect(demoted.target).toBe('sim-b/two');
    expect((await cli(d.home, ['explain', demoted.decisionId])).stdout).toMatch(/sub\/x\s+demoted\s+budget\/UVI pressure: demoted/);

    await json(['uvi', 'hard', 'on']);
    expect((await cli(d.home, ['status'])).stdout).toContain('UVI hard (sub blocked)');
    const blocked = await send('paced');
    expect((await cli(d.home, ['explain', blocked.decisionId])).stdout).toMatch(/sub\/x\s+dropped\s+provider sub blocked by budget\/UVI/);

    await json(['uvi', 'hard', 'off']);
    await json(['uvi', 'disable']);
    expect((await send('paced')).target).toBe('sub/x');
    expect((await cli(d.home, ['uvi', 'hard'])).exitCode).toBe(2);
  });
});

describe('router balance', () => {
  it('fetch asks the endpoint (DeepSeek shape), show returns the last figures', async () => {
    // The background refresh may already have asked (and been answered with the usage document): no amounts yet either way.
    expect((await json(['balance'])).balances).toMatchObject([
      { provider: 'ds', url: `${usage.url}/user/balance`, available: null, amounts: [], fetchedAt: null },
    ]);
    usage.script([
      200,
      {
        is_available: true,
        balance_infos: [{ currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }],
      },
    ]);
    const fetched = await json(['balance', 'fetch']);
    expect(fetched.balances[0]).toMatchObject({
      provider: 'ds',
      available: true,
      amounts: [{ currency: 'CNY', total: 110, granted: 10, toppedUp: 100 }],
    });
    expect((await cli(d.home, ['balance'])).stdout).toMatch(/ds\s+110\.00 CNY \(granted 10\.00\)\s+yes/);
  });
});

describe('router stats', () => {
  it('reads the ledger file itself: works with no daemon, and with no ledger yet', async () => {
    const r = await cli(tempHome(), ['stats', '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(String(r.stdout)).totals).toMatchObject({ requests: 0, successPct: null, costUsd: 0 });
  });

  it('counts the requests just made, with cost from the ledger, and prints the heatmap', async () => {
    const before = await json(['stats', '--hours', '1', '--by', 'provider', '--heatmap']);
    const sent = [await send('main'), await send('main'), await send('rated')];
    const costs = await Promise.all(sent.map(async (s) => (await json(['explain', s.decisionId])).costUsd as number));
    const after = await json(['stats', '--hours', '1', '--by', 'provider', '--heatmap']);
    expect(after.totals.requests - before.totals.requests).toBe(3);
    expect(after.totals.costUsd - before.totals.costUsd).toBeCloseTo(
      costs.reduce((a, b) => a + b, 0),
      9,
    );
    const row = (s: { rows: Array<{ key: string; requests: number }> }, key: string) => s.rows.find((r) => r.key === key)?.requests ?? 0;
    expect(row(after, 'sim-a') - row(before, 'sim-a')).toBe(2);
    expect(row(after, 'sim-c') - row(before, 'sim-c')).toBe(1);
    expect(after.heatmap.cells.flat().reduce((a: number, b: number) => a + b, 0)).toBe(after.totals.requests);
    expect(after.totals.successPct).toBe(100);

    const text = await cli(d.home, ['stats', '--days', '1', '--heatmap', '--by', 'route']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${after.totals.requests} requests, 100% ok`));
    expect(text.stdout).toContain('requests by weekday and hour');
    expect(text.stdout).toMatch(/main\s+\d+\s+100%/);
    const client = await DaemonClient.connect(d.socket);
    try {
      const overSocket = await client.call('stats.query', { hours: 1, by: 'provider' });
      expect(overSocket.totals).toEqual(after.totals);
    } finally {
      client.close();
    }
    expect((await cli(d.home, ['stats', '--since', 'yesterday-ish'])).exitCode).toBe(2);
    expect((await cli(d.home, ['stats', '--hours', '1', '--days', '1'])).exitCode).toBe(2);
  });
});

describe('router rate', () => {
  it('ratings feed `ratingBelow` rules and show in explain', async () => {
    const first = await send('rated');
    expect(first.target).toBe('sim-c/three');
    const rated = await json(['rate', 'bad', 'too', 'slow']);
    expect(rated).toEqual({
      decisionId: first.decisionId,
      rating: 'bad',
      comment: 'too slow',
      target: 'sim-c/three',
      targetRating: { good: 0, bad: 1, score: 0 },
    });
    const avoided = await send('rated');
    expect(avoided.target).toBe('sim-b/two');
    const explained = (await cli(d.home, ['explain', avoided.decisionId])).stdout;
    expect(explained).toContain('avoid-badly-rated');
    expect(explained).toContain('ratings: sim-c/three 0 good / 1 bad (0%)');
    expect((await cli(d.home, ['explain', first.decisionId])).stdout).toContain('rated bad: too slow');

    await json(['rate', 'good', '--decision', first.decisionId]);
    expect((await send('rated')).target).toBe('sim-c/three');
    expect((await cli(d.home, ['rate', 'good', '--decision', 'd-nope'])).exitCode).toBe(4);
    expect((await cli(d.home, ['rate', 'meh'])).exitCode).toBe(2);
  });
});

describe('router events', () => {
  function follower() {
    const p = execa(process.execPath, [BIN, 'events', '--follow', '--since', '1h'], {
      env: { ROUTER_HOME: d.home, NO_COLOR: '1' },
      reject: false,
    });
    let out = '';
    p.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return {
      p,
      lines: () =>
        out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { type: string; decisionId?: string }),
    };
  }
  const until = async (ok: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('--follow shows requests as they happen, to two subscribers at once', async () => {
    const a = follower();
    const b = follower();
    // History comes after the subscription, so a printed line means live events will follow.
    await until(() => a.lines().length > 0 && b.lines().length > 0, 'the history');
    const sent = await send('main');
    for (const f of [a, b]) {
      await until(() => f.lines().some((e) => e.type === 'request' && e.decisionId === sent.decisionId), 'the live request');
      expect(
        f
          .lines()
          .filter((e) => e.decisionId === sent.decisionId)
          .map((e) => e.type),
      ).toEqual(['decision', 'attempt', 'request']);
    }
    a.p.kill('SIGTERM');
    b.p.kill('SIGTERM');
    expect((await a.p).exitCode).toBe(0);
    expect((await b.p).exitCode).toBe(0);
  });

  it('without --follow: the ledger since a time, as JSON lines or --json', async () => {
    const sent = await send('main');
    const lines = String((await cli(d.home, ['events', '--since', '10m'])).stdout)
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; decisionId: string; target?: string });
    expect(lines.filter((e) => e.decisionId === sent.decisionId).map((e) => [e.type, e.target])).toEqual([
      ['decision', undefined],
      ['attempt', 'sim-a/one'],
      ['request', 'sim-a/one'],
    ]);
    const listed = await json(['events', '--since', new Date(Date.now() - 600_000).toISOString()]);
    expect(listed.at(-1)).toMatchObject({ type: 'request', decisionId: sent.decisionId, status: 200 });
  });
});
