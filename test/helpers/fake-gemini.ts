// A fake Gemini API: POST /v1beta/models/{model}:generateContent (JSON) and
// :streamGenerateContent?alt=sse (data-only SSE, no [DONE]; the stream just ends), with function
// calls that carry a thoughtSignature, usageMetadata, and Google-style error bodies.
import { json, sse, startScriptedUpstream, type Received, type Reply, type ScriptedUpstream } from './scripted-upstream.js';

export type GeminiBehaviour =
  | { kind: 'text'; text: string }
  /** A function call (complete, args as an object), optionally after some text. */
  | { kind: 'call'; text?: string; name: string; args: Record<string, unknown>; thoughtSignature?: string }
  | { kind: 'status'; status: number; googleStatus: string; message?: string };

export interface FakeGemini {
  /** Base URL as a provider config takes it (…/v1beta). */
  url: string;
  received: Received[];
  script(...b: GeminiBehaviour[]): void;
  close(): Promise<void>;
}

export const geminiUsage = { promptTokenCount: 9, candidatesTokenCount: 5, totalTokenCount: 14 };

const chunk = (parts: object[], finishReason?: string, usage?: object): object => ({
  candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
  ...(usage ? { usageMetadata: usage } : {}),
  modelVersion: 'gemini-fake-001',
  responseId: 'resp-fake',
});

export function geminiReply(b: GeminiBehaviour, r: Received): Reply {
  const stream = r.path.includes(':streamGenerateContent');
  if (b.kind === 'status')
    return json({ error: { code: b.status, message: b.message ?? `fake ${b.googleStatus}`, status: b.googleStatus } }, b.status);
  const textParts = b.kind === 'text' ? [b.text] : b.text ? [b.text] : [];
  const call =
    b.kind === 'call'
      ? [{ functionCall: { name: b.name, args: b.args }, ...(b.thoughtSignature ? { thoughtSignature: b.thoughtSignature } : {}) }]
      : [];
  if (!stream) return json(chunk([...textParts.map((text) => ({ text })), ...call], 'STOP', geminiUsage));
  const pieces = textParts.flatMap((t) => t.match(/\S+\s*/g) ?? [t]);
  const events = pieces.map((text) => chunk([{ text }]));
  events.push(chunk(call, 'STOP', geminiUsage));
  return sse(events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`));
}

export async function startFakeGemini(): Promise<FakeGemini> {
  const first: GeminiBehaviour = { kind: 'text', text: 'hello from gemini' };
  const up: ScriptedUpstream = await startScriptedUpstream((r) => geminiReply(first, r));
  return {
    url: `${up.origin}/v1beta`,
    received: up.received,
    script: (...b) => up.script(...b.map((x) => (r: Received) => geminiReply(x, r))),
    close: () => up.close(),
  };
}
