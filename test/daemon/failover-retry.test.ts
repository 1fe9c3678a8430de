// Same-target retries through a real daemon: fast retryable failures are retried in place after
// the hinted (or backed-off) wait, never more than retry.attempts; a timeout, a 4xx and a 429
// without a hint move on to the next target.
import { describe, expect, it } from 'vitest';
import { answerText, type Fault } from '../helpers/fault-upstream.js';
import { faultRig } from '../helpers/fault-rig.js';
import { attemptsFor } from '../helpers/ledger.js';
import { chatStream } from '../helpers/failover-client.js';

const rig = faultRig(
  { primary: 'openai', fallback: 'openai' },
  (url) => `
providers:
  p: { type: openai-compatible, baseUrl: "${url.primary}", firstTokenTimeoutMs: 300, retry: { attempts: 2, maxWaitSeconds: 2, backoffMs: 20 } }
  f: { type: openai-compatible, baseUrl: "${url.fallback}" }
routes:
  main: { strategy: ordered, targets: [p/m1, f/m2] }
defaultRoute: main
`,
);

const trail = async (decision: string, n: number) =>
  (await attemptsFor(rig.d.home, decision, n)).map((a) => `${a.target}:${a.outcome}:${a.status ?? a.error_class}`);

describe('same-target retries', () => {
  it.each<[string, Fault, string[]]>([
    [
      '429 with Retry-After: 1 waits and retries in place',
      { kind: 'status', status: 429, retryAfter: 1 },
      ['p/m1:failed:429', 'p/m1:ok:null'],
    ],
    ['500 once, then healthy', { kind: 'status', status: 500 }, ['p/m1:failed:500', 'p/m1:ok:null']],
    ['a reset before headers', { kind: 'reset' }, ['p/m1:failed:connect', 'p/m1:ok:null']],
  ])('%s', async (_name, fault, expected) => {
    rig.ups.primary.script(fault, { kind: 'ok' });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.text).toBe(answerText());
    expect(r.headers.get('x-router-target')).toBe('p/m1');
    expect(await trail(r.decision, 2)).toEqual(expected);
  });

  it('503 every time: retried once (the configured attempts), then the fallback', async () => {
    rig.ups.primary.script({ kind: 'status', status: 503 });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.text).toBe(answerText());
    expect(await trail(r.decision, 3)).toEqual(['p/m1:failed:503', 'p/m1:failed:503', 'f/m2:ok:null']);
  });

  it.each<[string, Fault, string]>([
    ['a timeout', { kind: 'hang' }, 'p/m1:failed:timeout'],
    [
      'a 400',
      { kind: 'status', status: 400, body: { error: { message: 'bad', type: 'invalid_request_error', code: null } } },
      'p/m1:failed:400',
    ],
    ['a 429 without a hint', { kind: 'status', status: 429 }, 'p/m1:failed:429'],
  ])('%s is not retried in place', async (_name, fault, first) => {
    rig.ups.primary.script(fault, { kind: 'ok' });
    const r = await chatStream(rig.d.url, 'openai');
    const rows = await trail(r.decision, 1);
    expect(rows[0]).toBe(first);
    expect(rows.filter((x) => x.startsWith('p/m1'))).toHaveLength(1);
  });
});
