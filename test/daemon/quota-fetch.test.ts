// Quota and balance fetchers against fake endpoints on 127.0.0.1: retries with backoff, the poller's
// schedule on a fake clock, and the headers each source sends.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetchJson, FetchFailed } from '../../src/daemon/quota/http-json.js';
import { MIN_INTERVAL_MS, Poller } from '../../src/daemon/quota/poller.js';
import { parseQuota } from '../../src/daemon/quota/quota-parse.js';
import { balanceSources, quotaSources } from '../../src/daemon/quota/sources.js';
import { makeConfig } from '../engine/config-fixture.js';
import { FakeJsonEndpoint } from '../helpers/fake-json-endpoint.js';

const endpoint = new FakeJsonEndpoint();
beforeAll(() => endpoint.start());
afterAll(() => endpoint.close());
afterEach(() => endpoint.script());

describe('fetchJson: retries with backoff', () => {
  const waits: number[] = [];
  const fetchJson = createFetchJson({ tries: 4, backoffMs: 10, maxBackoffMs: 25, wait: async (ms) => void waits.push(ms) });
  afterEach(() => void waits.splice(0));

  it('retries 503 and 429, doubling the wait up to the cap, then answers', async () => {
    endpoint.script([503, 'busy'], [429, '{}'], [503, ''], [200, { ok: 1 }]);
    await expect(fetchJson(`${endpoint.url}/usage`, {})).resolves.toEqual({ ok: 1 });
    expect(endpoint.seen).toHaveLength(4);
    expect(waits).toEqual([10, 20, 25]);
  });

  it('gives up after the last try with the status', async () => {
    endpoint.script([502, '']);
    await expect(fetchJson(`${endpoint.url}/usage`, {})).rejects.toMatchObject({ name: 'FetchFailed', status: 502 });
    expect(endpoint.seen).toHaveLength(4);
  });

  it.each([
    ['401 (a wrong token stays wrong)', 401, '{}'],
    ['404', 404, '{}'],
    ['a body that is not JSON', 200, '<html>'],
  ])('does not retry %s', async (_name, status, body) => {
    endpoint.script([status, body]);
    await expect(fetchJson(`${endpoint.url}/usage`, {})).rejects.toBeInstanceOf(FetchFailed);
    expect(endpoint.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a refused connection', async () => {
    const closed = new FakeJsonEndpoint();
    await closed.start();
    const url = closed.url;
    await closed.close();
    await expect(fetchJson(`${url}/usage`, {})).rejects.toThrow(/127\.0\.0\.1/);
    expect(waits).toEqual([10, 20, 25]);
  });
});

describe('Poller: background schedule on a fake clock', () => {
  const usage = (pct: number) => ({ five_hour: { utilization: pct, resets_at: '2025-03-14T14:00:00Z' } });

  function poller(now: { t: number }, intervalMs = 60_000) {
    const changes: string[] = [];
    const p = new Poller({
      intervalMs,
      fetchJson: createFetchJson({ tries: 1 }),
      clock: () => now.t,
      parse: (body, _s, at) => parseQuota(body, at),
      onChange: (provider) => changes.push(provider),
    });
    p.setSources([{ provider: 'claude', url: `${endpoint.url}/api/oauth/usage`, headers: {} }]);
    return { p, changes };
  }

  it('fetches when due, not before; at least 30 s apart', async () => {
    const now = { t: Date.UTC(2025, 2, 14, 12) };
    const { p, changes } = poller(now, 1_000);
    endpoint.script([200, usage(10)]);
    await p.tick();
    expect(p.get('claude')).toMatchObject({ fetchedAt: now.t, failures: 0, nextAt: now.t + MIN_INTERVAL_MS });
    expect(p.get('claude')?.value?.[0]).toMatchObject({ name: 'five_hour', used: 0.1 });
    now.t += MIN_INTERVAL_MS - 1;
    await p.tick();
    expect(endpoint.seen).toHaveLength(1);
    now.t += 1;
    endpoint.script([200, usage(20)]);
    await p.tick();
    expect(p.get('claude')?.value?.[0]?.used).toBe(0.2);
    expect(changes).toEqual(['claude', 'claude']);
  });

  it('backs off after failures and keeps the last good figures', async () => {
    const now = { t: Date.UTC(2025, 2, 14, 12) };
    const { p } = poller(now);
    endpoint.script([200, usage(10)]);
    await p.tick();
    now.t += 60_000;
    endpoint.script([500, '']);
    await p.tick();
    expect(p.get('claude')).toMatchObject({ failures: 1, nextAt: now.t + 120_000, value: [{ used: 0.1 }] });
    expect(p.get('claude')?.error).toMatch(/HTTP 500/);
    now.t += 120_000;
    await p.tick();
    expect(p.get('claude')).toMatchObject({ failures: 2, nextAt: now.t + 240_000 });
    now.t += 240_000;
    endpoint.script([200, usage(30)]);
    await p.tick();
    expect(p.get('claude')).toMatchObject({ failures: 0, error: undefined, nextAt: now.t + 60_000, value: [{ used: 0.3 }] });
  });

  it('refresh fetches now whatever the schedule; a changed source is fetched afresh', async () => {
    const now = { t: Date.UTC(2025, 2, 14, 12) };
    const { p } = poller(now);
    endpoint.script([200, usage(10)]);
    await p.tick();
    await p.refresh();
    expect(endpoint.seen).toHaveLength(2);
    p.setSources([{ provider: 'claude', url: `${endpoint.url}/other`, headers: {} }]);
    expect(p.get('claude')).toMatchObject({ failures: 0, nextAt: now.t });
    expect(p.get('claude')?.value).toBeUndefined();
    p.setSources([]);
    expect(p.list()).toEqual([]);
  });
});

describe('sources: which endpoints, with which headers', () => {
  it('quota and balance sources from config, tokens from env or the provider key', async () => {
    const config = makeConfig({
      providers: {
        claude: {
          type: 'anthropic',
          billing: 'subscription',
          timeoutMs: 1,
          connectTimeoutMs: 1,
          firstByteTimeoutMs: 1,
          quota: { url: `${endpoint.url}/api/oauth/usage`, token: 'env:CLAUDE_OAUTH', windows: ['five_hour'] },
        },
        deepseek: {
          type: 'openai-compatible',
          billing: 'per-token',
          timeoutMs: 1,
          connectTimeoutMs: 1,
          firstByteTimeoutMs: 1,
          baseUrl: 'https://api.deepseek.com/v1',
          apiKey: 'env:DS_KEY',
        },
        other: {
          type: 'openai-compatible',
          billing: 'per-token',
          timeoutMs: 1,
          connectTimeoutMs: 1,
          firstByteTimeoutMs: 1,
          apiKey: 'sk-literal',
          headers: { 'x-org': 'me' },
          balance: { url: `${endpoint.url}/credits`, path: 'data.credits' },
        },
        plain: 'openai',
      },
    });
    const env = { CLAUDE_OAUTH: 'oauth-token', DS_KEY: 'ds-key' };
    expect(quotaSources(config, env)).toEqual([
      {
        provider: 'claude',
        url: `${endpoint.url}/api/oauth/usage`,
        windows: ['five_hour'],
        headers: { authorization: 'Bearer oauth-token', 'anthropic-beta': 'oauth-2025-04-20' },
      },
    ]);
    expect(balanceSources(config, env)).toEqual([
      { provider: 'deepseek', url: 'https://api.deepseek.com/user/balance', path: undefined, headers: { authorization: 'Bearer ds-key' } },
      {
        provider: 'other',
        url: `${endpoint.url}/credits`,
        path: 'data.credits',
        headers: { 'x-org': 'me', authorization: 'Bearer sk-literal' },
      },
    ]);
    const [quota] = quotaSources(config, env);
    endpoint.script([200, { five_hour: { utilization: 1, resets_at: null } }]);
    await createFetchJson()(quota!.url, quota!.headers);
    expect(endpoint.seen[0]?.headers).toMatchObject({
      authorization: 'Bearer oauth-token',
      'anthropic-beta': 'oauth-2025-04-20',
      accept: 'application/json',
    });
  });
});
