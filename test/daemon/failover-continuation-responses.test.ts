// Mid-stream continuation for Responses clients (Codex, the AI SDK): a translated stream that breaks
// after the client had text is continued by a target that can prefill and spliced into the same
// Responses stream: one response.created, sequence numbers without a gap, the same output item, and
// a response.completed whose text is the whole answer, as the official SDK's strict accumulator reads it.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { answerText, type Fault } from '../helpers/fault-upstream.js';
import { faultRig } from '../helpers/fault-rig.js';
import { attemptsFor } from '../helpers/ledger.js';

const rig = faultRig(
  { po: 'openai', pa: 'anthropic', fo: 'openai', fa: 'anthropic' },
  (url) => `
providers:
  po: { type: openai-compatible, baseUrl: "${url.po}", streamIdleTimeoutMs: 300 }
  pa: { type: anthropic, baseUrl: "${url.pa}", apiKey: sk-test, streamIdleTimeoutMs: 300 }
  fo: { type: openai-compatible, baseUrl: "${url.fo}" }
  fa: { type: anthropic, baseUrl: "${url.fa}", apiKey: sk-test }
models:
  "fo/m2": { prefill: true }
routes:
  from-openai: { strategy: ordered, targets: [po/m1, fa/m2] }
  from-anthropic: { strategy: ordered, targets: [pa/m1, fo/m2] }
`,
);

const faults: Array<[string, Fault]> = [
  ['cut after 40 words', { kind: 'cut', after: 40 }],
  ['stall after 20 words', { kind: 'stall', after: 20, closeAfterMs: 3000 }],
];

describe.each([
  ['OpenAI-format primary, Anthropic fallback', 'from-openai', 'po', 'fa'],
  ['Anthropic primary, OpenAI-format fallback', 'from-anthropic', 'pa', 'fo'],
] as const)('Responses client, %s', (_name, route, primary, fallback) => {
  it.each(faults)('%s: one whole answer in one response', async (_f, fault) => {
    rig.ups[primary].script(fault);
    const client = new OpenAI({ baseURL: `${rig.d.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const events: Array<{ type: string; sequence_number: number; item_id?: string }> = [];
    let decision = '';
    const stream = client.responses.stream({ model: route, input: 'count for me' });
    stream.on('event', (ev) => void events.push(ev as (typeof events)[number]));
    const final = await stream.finalResponse();
    decision = final.id;

    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(answerText());
    expect(events.filter((e) => e.type === 'response.created')).toHaveLength(1);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_e, i) => i));
    // Every text delta belongs to the one message item the client was given at the start.
    expect(new Set(events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.item_id)).size).toBe(1);
    expect(events.at(-1)?.type).toBe('response.completed');
    // The fallback was asked to go on from exactly what the client had.
    const asked = rig.ups[fallback].received.at(-1)?.body.messages as Array<{ role: string }>;
    expect(asked.at(-1)?.role).toBe('assistant');
    const rows = await attemptsFor(rig.d.home, decision.replace(/^resp_/, ''), 2);
    expect(rows.map((a) => `${a.target}:${a.outcome}`)).toEqual([`${primary}/m1:failed`, `${fallback}/m2:ok`]);
  });
});
