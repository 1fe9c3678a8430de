// Sends one request to the daemon's data plane and collects the answer text, printing it as it
// streams. Used by `router route` without --dry-run.
import { SseDecoder } from '../wire/sse.js';
import { CliError } from './errors.js';
import type { RouteRequest } from './route-request.js';

export interface SentResult {
  status: number;
  decisionId: string | null;
  route: string | null;
  target: string | null;
  attempts: number;
  text: string;
}

export async function sendRequest(listen: string, r: RouteRequest, onText: (t: string) => void): Promise<SentResult> {
  const path = r.format === 'anthropic' ? '/v1/messages' : '/v1/chat/completions';
  const key = process.env.ROUTER_API_KEY;
  const res = await fetch(`http://${listen}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(r.format === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...r.headers,
    },
    body: JSON.stringify(r.body),
  });
  const meta = {
    status: res.status,
    decisionId: res.headers.get('x-router-decision'),
    route: res.headers.get('x-router-route'),
    target: res.headers.get('x-router-target'),
    attempts: Number(res.headers.get('x-router-attempts') ?? 0),
  };
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new CliError(res.status === 404 ? 'not_found' : 'failed', `HTTP ${res.status}: ${body.error?.message ?? res.statusText}`);
  }
  if (!(res.headers.get('content-type') ?? '').includes('event-stream')) {
    const json = (await res.json()) as Record<string, unknown>;
    const text = answerText(json);
    onText(text);
    return { ...meta, text };
  }
  let text = '';
  const sse = new SseDecoder();
  const decoder = new TextDecoder();
  const take = (events: ReturnType<SseDecoder['push']>) => {
    for (const ev of events) {
      if (ev.data === '[DONE]') continue;
      const chunk = JSON.parse(ev.data) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (chunk.error || chunk.type === 'error') throw new CliError('failed', `upstream failed mid-stream: ${chunk.error?.message ?? 'unknown error'}`);
      const piece: unknown = chunk.choices?.[0]?.delta?.content ?? (chunk.type === 'content_block_delta' ? chunk.delta?.text : undefined);
      if (typeof piece === 'string' && piece) {
        text += piece;
        onText(piece);
      }
    }
  };
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) take(sse.push(decoder.decode(bytes, { stream: true })));
  take(sse.end());
  return { ...meta, text };
}

function answerText(json: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (Array.isArray(json.choices)) return String(json.choices[0]?.message?.content ?? '');
  if (Array.isArray(json.content)) return json.content.filter((b: { type: string }) => b.type === 'text').map((b: { text: string }) => b.text).join('');
  return '';
}
