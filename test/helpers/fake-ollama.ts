// A fake Ollama server: POST /api/chat answering JSON or NDJSON lines (application/x-ndjson), with
// whole tool calls without ids, done_reason "stop" even after a tool call, and eval counts.
import { json, startScriptedUpstream, type Received, type Reply, type ScriptedUpstream } from './scripted-upstream.js';

export type OllamaBehaviour =
  | { kind: 'text'; text: string }
  | { kind: 'call'; name: string; args: Record<string, unknown> }
  | { kind: 'status'; status: number; message: string };

export interface FakeOllama {
  url: string;
  received: Received[];
  script(...b: OllamaBehaviour[]): void;
  close(): Promise<void>;
}

const counts = { prompt_eval_count: 26, eval_count: 8, total_duration: 4883583458, eval_duration: 4535599000 };

export function ollamaReply(b: OllamaBehaviour, r: Received): Reply {
  const model = String(r.body.model ?? 'llama-fake');
  const stream = r.body.stream !== false;
  const at = '2025-01-01T00:00:00Z';
  if (b.kind === 'status') return json({ error: b.message }, b.status);
  const message =
    b.kind === 'text'
      ? { role: 'assistant', content: b.text }
      : { role: 'assistant', content: '', tool_calls: [{ function: { name: b.name, arguments: b.args } }] };
  if (!stream) return json({ model, created_at: at, message, done: true, done_reason: 'stop', ...counts });
  const lines: object[] =
    b.kind === 'text'
      ? (b.text.match(/\S+\s*/g) ?? [b.text]).map((content) => ({
          model,
          created_at: at,
          message: { role: 'assistant', content },
          done: false,
        }))
      : [{ model, created_at: at, message, done: false }];
  lines.push({ model, created_at: at, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...counts });
  return { status: 200, headers: { 'content-type': 'application/x-ndjson' }, chunks: lines.map((l) => `${JSON.stringify(l)}\n`), gapMs: 2 };
}

export async function startFakeOllama(): Promise<FakeOllama> {
  const first: OllamaBehaviour = { kind: 'text', text: 'hello from ollama' };
  const up: ScriptedUpstream = await startScriptedUpstream((r) => ollamaReply(first, r));
  return {
    url: up.origin,
    received: up.received,
    script: (...b) => up.script(...b.map((x) => (r: Received) => ollamaReply(x, r))),
    close: () => up.close(),
  };
}
