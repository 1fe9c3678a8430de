// Terminal semantics through a real daemon: a stream that delivered its finish reason and then
// closed is a whole answer even without [DONE]; a stream that ended without one is not; a whole
// (non-streamed) answer whose body breaks half-way fails over, since nothing reached the client.
import { describe, expect, it } from 'vitest';
import { answerText } from '../helpers/fault-upstream.js';
import { faultRig } from '../helpers/fault-rig.js';
import { attemptsFor } from '../helpers/ledger.js';
import { chatStream, chatJson } from '../helpers/failover-client.js';

const rig = faultRig(
  { primary: 'openai', anthropicPrimary: 'anthropic', fallback: 'openai' },
  (url) => `
providers:
  p: { type: openai-compatible, baseUrl: "${url.primary}", streamIdleTimeoutMs: 300 }
  pa: { type: anthropic, baseUrl: "${url.anthropicPrimary}", apiKey: sk-test }
  f: { type: openai-compatible, baseUrl: "${url.fallback}" }
routes:
  main: { strategy: ordered, targets: [p/m1, f/m2] }
  from-anthropic: { strategy: ordered, targets: [pa/m1, f/m2] }
defaultRoute: main
failover: { midStream: error }
`,
);

describe('terminal semantics', () => {
  it('a stream with a finish reason but no [DONE] is a success, with usage, and the client gets [DONE]', async () => {
    rig.ups.primary.script({ kind: 'no-done' });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(answerText());
    expect(r.raw.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(r.usage?.completion_tokens).toBe(60);
    const rows = await attemptsFor(rig.d.home, r.decision, 1);
    expect(rows.map((a) => a.outcome)).toEqual(['ok']);
  });

  it.each(['anthropic', 'openai'] as const)(
    'an Anthropic stream with its stop reason but no message_stop is whole for an %s client',
    async (client) => {
      rig.ups.anthropicPrimary.script({ kind: 'no-done' });
      const r = await chatStream(rig.d.url, client, 'from-anthropic');
      expect(r.error).toBeUndefined();
      expect(r.text).toBe(answerText());
      expect(r.raw.trimEnd().endsWith(client === 'openai' ? 'data: [DONE]' : 'data: {"type":"message_stop"}')).toBe(true);
      const rows = await attemptsFor(rig.d.home, r.decision, 1);
      expect(rows.map((a) => `${a.target}:${a.outcome}`)).toEqual(['pa/m1:ok']);
    },
  );

  it('a stream that closes without a finish reason is broken, never a success', async () => {
    rig.ups.primary.script({ kind: 'stall', after: 20, closeAfterMs: 1 });
    const r = await chatStream(rig.d.url, 'openai');
    expect(r.error).toBeDefined();
    const rows = await attemptsFor(rig.d.home, r.decision, 1);
    expect(rows[0]?.outcome).toBe('failed');
    expect(rows[0]?.error_class).toBe('stream_broken');
  });
});

describe('non-streamed answers that break half-way fail over', () => {
  it('a cut JSON body', async () => {
    rig.ups.primary.script({ kind: 'cut-json' });
    const r = await chatJson(rig.d.url);
    expect(r.status).toBe(200);
    expect(r.text).toBe(answerText());
    expect(r.headers.get('x-router-target')).toBe('f/m2');
  });

  it('headers, then silence past the idle deadline', async () => {
    rig.ups.primary.script({ kind: 'stall-json' });
    const r = await chatJson(rig.d.url);
    expect(r.status).toBe(200);
    expect(r.text).toBe(answerText());
    expect(r.headers.get('x-router-target')).toBe('f/m2');
    const rows = await attemptsFor(rig.d.home, r.decision, 2);
    expect(rows.map((a) => `${a.target}:${a.outcome}:${a.error_class}`)).toEqual(['p/m1:failed:timeout', 'f/m2:ok:null']);
  });
});
