// Deadlines through a real daemon: no content token by firstTokenTimeoutMs fails over before the
// client saw anything, even while the upstream sends keep-alives; silence past streamIdleTimeoutMs
// once content flows breaks the attempt (here, with midStream: error, an in-stream error).
import { describe, expect, it } from 'vitest';
import { answerText } from '../helpers/fault-upstream.js';
import { faultRig } from '../helpers/fault-rig.js';
import { attemptsFor } from '../helpers/ledger.js';
import { chatStream } from '../helpers/failover-client.js';

const rig = faultRig(
  { primary: 'openai', fallback: 'anthropic' },
  (url) => `
providers:
  p: { type: openai-compatible, baseUrl: "${url.primary}", firstTokenTimeoutMs: 400, streamIdleTimeoutMs: 300, retry: { attempts: 1 } }
  legacy: { type: openai-compatible, baseUrl: "${url.primary}", timeoutMs: 300 }
  f: { type: anthropic, baseUrl: "${url.fallback}", apiKey: sk-test }
routes:
  main: { strategy: ordered, targets: [p/m1, f/m2] }
  old-config: { strategy: ordered, targets: [legacy/m1, f/m2] }
defaultRoute: main
failover: { midStream: error }
`,
);

describe('first-token deadline', () => {
  it.each(['openai', 'anthropic'] as const)(
    'headers at once, keep-alives, no token by the deadline: the %s client gets the fallback answer whole',
    async (client) => {
      rig.ups.primary.script({ kind: 'slow-first', pauseMs: 3000, pingMs: 50 });
      const r = await chatStream(rig.d.url, client);
      expect(r.error).toBeUndefined();
      expect(r.text).toBe(answerText());
      expect(r.headers.get('x-router-target')).toBe('f/m2');
      const rows = await attemptsFor(rig.d.home, r.decision, 2);
      expect(rows.map((a) => `${a.target}:${a.outcome}:${a.error_class}`)).toEqual(['p/m1:failed:timeout', 'f/m2:ok:null']);
    },
  );

  it('an upstream that accepts and never answers', async () => {
    rig.ups.primary.script({ kind: 'hang' });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.text).toBe(answerText());
    const rows = await attemptsFor(rig.d.home, r.decision, 2);
    expect(rows.map((a) => a.error_class)).toEqual(['timeout', null]);
  });
});

describe('idle deadline', () => {
  it('silence mid-stream breaks the attempt: with midStream error, an in-stream error and no success', async () => {
    rig.ups.primary.script({ kind: 'stall', after: 20, closeAfterMs: 5000 });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.error).toBeDefined();
    expect(r.text).toBe(answerText().split(' ').slice(0, 20).join(' ') + ' ');
    const rows = await attemptsFor(rig.d.home, r.decision, 1);
    expect(rows[0]?.error_class).toBe('timeout');
  });

  it('a config that still says timeoutMs (the older name) keeps it as the idle limit', async () => {
    rig.ups.primary.script({ kind: 'stall', after: 20, closeAfterMs: 5000 });
    const r = await chatStream(rig.d.url, 'openai', 'old-config');
    expect(r.error).toBeDefined();
    const rows = await attemptsFor(rig.d.home, r.decision, 1);
    expect(rows[0]?.error_class).toBe('timeout');
  });
});
