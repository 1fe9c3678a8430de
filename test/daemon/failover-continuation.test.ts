// Mid-stream continuation through a real daemon: a stream that breaks after the client had text
// (cut, stall) is continued by a target that can prefill, from exactly the text sent, and spliced
// into the same client stream, so OpenAI and Anthropic clients get the whole answer exactly once;
// the ledger keeps both attempts and `router explain` shows the splice point.
import { describe, expect, it } from 'vitest';
import { answerText, type Fault } from '../helpers/fault-upstream.js';
import { faultRig } from '../helpers/fault-rig.js';
import { attemptsFor } from '../helpers/ledger.js';
import { cli } from '../helpers/router.js';
import { chatStream } from '../helpers/failover-client.js';

const rig = faultRig(
  { po: 'openai', pa: 'anthropic', fo: 'openai', fa: 'anthropic', no: 'openai' },
  (url) => `
providers:
  po: { type: openai-compatible, baseUrl: "${url.po}", streamIdleTimeoutMs: 300 }
  pa: { type: anthropic, baseUrl: "${url.pa}", apiKey: sk-test, streamIdleTimeoutMs: 300 }
  fo: { type: openai-compatible, baseUrl: "${url.fo}" }
  fa: { type: anthropic, baseUrl: "${url.fa}", apiKey: sk-test }
  no: { type: openai-compatible, baseUrl: "${url.no}" }
models:
  "fo/m2": { prefill: true }
routes:
  from-openai: { strategy: ordered, targets: [po/m1, fa/m2] }
  from-anthropic: { strategy: ordered, targets: [pa/m1, fo/m2] }
  reject-then-ok: { strategy: ordered, targets: [po/m1, no/m3, fo/m2, fa/m2] }
  nobody: { strategy: ordered, targets: [po/m1, no/m3] }
  refused: { strategy: ordered, targets: [po/m1, fa/m2] }
  plain-error: { strategy: ordered, targets: [po/m1, fa/m2], midStream: error }
failover: { maxAttempts: 5 }
`,
);

const faults: Array<[string, Fault]> = [
  ['cut after 40 words', { kind: 'cut', after: 40 }],
  ['stall after 20 words', { kind: 'stall', after: 20, closeAfterMs: 3000 }],
];

describe.each(['openai', 'anthropic'] as const)('%s client', (client) => {
  describe.each([
    ['OpenAI-format primary, Anthropic fallback', 'from-openai', 'po', 'fa'],
    ['Anthropic primary, OpenAI-format fallback', 'from-anthropic', 'pa', 'fo'],
  ] as const)('%s', (_name, route, primary, fallback) => {
    it.each(faults)('%s: the whole answer exactly once, spliced', async (_f, fault) => {
      rig.ups[primary].script(fault);
      const r = await chatStream(rig.d.url, client, route);
      expect(r.error).toBeUndefined();
      expect(r.text).toBe(answerText());
      // One message start (Anthropic) or one role chunk (OpenAI): one answer, not two.
      if (client === 'anthropic') expect(r.raw.match(/event: message_start/g)).toHaveLength(1);
      else expect(r.raw.match(/"role":"assistant"/g)).toHaveLength(1);
      expect(r.raw.trimEnd().endsWith(client === 'openai' ? 'data: [DONE]' : 'data: {"type":"message_stop"}')).toBe(true);
      // The fallback was asked to continue from exactly what the client had.
      const asked = rig.ups[fallback].received.at(-1)?.body.messages as Array<{ role: string; content: unknown }>;
      expect(asked.at(-1)?.role).toBe('assistant');
      const rows = await attemptsFor(rig.d.home, r.decision, 2);
      expect(rows.map((a) => `${a.target}:${a.outcome}`)).toEqual([`${primary}/m1:failed`, `${fallback}/m2:ok`]);
    });
  });
});

describe('when the continuation cannot happen', () => {
  it('a fallback that rejects the prefill is passed, and the next continues; explain shows the splice', async () => {
    rig.ups.po.script({ kind: 'cut', after: 40 });
    rig.ups.fo.script({ kind: 'reject-prefill' });
    const r = await chatStream(rig.d.url, 'openai', 'reject-then-ok');
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(answerText());
    const rows = await attemptsFor(rig.d.home, r.decision, 3);
    expect(rows.map((a) => `${a.target}:${a.outcome}:${a.status ?? a.error_class}`)).toEqual([
      'po/m1:failed:200',
      'fo/m2:failed:400',
      'fa/m2:ok:null',
    ]);
    const explain = await cli(rig.d.home, ['explain', r.decision]);
    expect(String(explain.stdout)).toContain('continuation skipped no/m3');
    expect(String(explain.stdout)).toMatch(/spliced fa\/m2 into the stream at character 151 after po\/m1 broke/);
    expect(String(explain.stdout)).toMatch(/spliced fo\/m2 into the stream at character 151 after po\/m1 broke/);
  });

  it('no target can continue: the in-stream error names the original failure, not the prefill 400', async () => {
    rig.ups.po.script({ kind: 'cut', after: 40 });
    rig.ups.fa.script({ kind: 'reject-prefill' });
    const r = await chatStream(rig.d.url, 'openai', 'refused');
    expect(r.text).toBe(answerText(40));
    expect(r.error?.message).toMatch(/upstream failed mid-stream/);
    expect(r.error?.message).not.toMatch(/prefill/);
  });

  it('midStream: error ends the stream with the in-stream error', async () => {
    rig.ups.po.script({ kind: 'cut', after: 40 });
    const before = rig.ups.fa.received.length;
    const r = await chatStream(rig.d.url, 'openai', 'plain-error');
    expect(r.error).toBeDefined();
    expect(r.text).toBe(answerText(40));
    expect(rig.ups.fa.received.length).toBe(before);
  });
});
