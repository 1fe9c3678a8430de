// Errors another target can fix, errors none can, and recovery, through a real daemon: a context
// overflow moves to a larger window; a content-policy rejection comes back as the provider said it,
// tried once; a target that was down comes back through a half-open probe; the answer names the
// model that actually answered and reports its usage.
import { describe, expect, it } from 'vitest';
import { answerText, times } from '../helpers/fault-upstream.js';
import { faultRig } from '../helpers/fault-rig.js';
import { attemptsFor } from '../helpers/ledger.js';
import { chatStream } from '../helpers/failover-client.js';

const rig = faultRig(
  { primary: 'openai', fallback: 'openai' },
  (url) => `
providers:
  p: { type: openai-compatible, baseUrl: "${url.primary}" }
  f: { type: openai-compatible, baseUrl: "${url.fallback}" }
models:
  "p/small": { contextWindow: 8192 }
  "f/large": { contextWindow: 128000 }
routes:
  main: { strategy: ordered, targets: [p/small, f/large] }
defaultRoute: main
cooldowns: { serverErrorSeconds: 0.2, rateLimitSeconds: 0.2 }
circuit: { failures: 2, windowSeconds: 10, openSeconds: 0.3 }
`,
);

describe('errors another target can fix, and errors none can', () => {
  it('400 context_length_exceeded moves to the larger window', async () => {
    rig.ups.primary.script({ kind: 'context-length' });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.text).toBe(answerText());
    expect(r.headers.get('x-router-target')).toBe('f/large');
  });

  it('400 content_policy_violation comes back as the provider said it, tried once, no fallback', async () => {
    rig.ups.primary.script({ kind: 'content-policy' });
    const before = rig.ups.fallback.received.length;
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.status).toBe(400);
    expect(r.error?.message).toContain('safety system');
    expect((r.error as { code?: string }).code).toBe('content_policy_violation');
    expect(rig.ups.fallback.received.length).toBe(before);
    const rows = await attemptsFor(rig.d.home, r.decision, 1);
    expect(rows).toHaveLength(1);
  });
});

describe('recovery and who answered', () => {
  it('503 every time: the answer names the fallback model and reports its usage', async () => {
    rig.ups.primary.script({ kind: 'status', status: 503 });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.text).toBe(answerText());
    expect(r.model).toBe('large');
    expect(r.usage?.completion_tokens).toBe(60);
  });

  it('an outage, then recovery: every request answered whole, and traffic returns to the primary through a probe', async () => {
    rig.ups.primary.script(...times(3, { kind: 'status', status: 503 }, { kind: 'ok' }));
    const served: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await chatStream(rig.d.url, 'openai');
      expect(r.text).toBe(answerText());
      served.push(r.headers.get('x-router-target') ?? '?');
      if (served.at(-1) === 'p/small' && served.includes('f/large')) break;
      // Time has to pass for the circuit to half-open; the next request is the probe.
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(served).toContain('f/large');
    expect(served.at(-1)).toBe('p/small');
  });
});
