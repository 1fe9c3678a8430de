// Sends one request to the daemon's data plane and collects the answer text, printing it as it
// streams. Used by `router route` without --dry-run. Answers are read with the wire codecs the
// daemon itself uses (one decoder per format, no third interpreter).
import { decodeAnthropicResponse } from '../wire/anthropic/response-codec.js';
import { AnthropicStreamDecoder } from '../wire/anthropic/stream-decoder.js';
import type { CanonicalStreamEvent } from '../wire/canonical.js';
import { decodeOpenAiResponse } from '../wire/openai/response-codec.js';
import { OpenAiStreamDecoder } from '../wire/openai/stream-decoder.js';
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
    const answer = r.format === 'anthropic' ? decodeAnthropicResponse(await res.json()) : decodeOpenAiResponse(await res.json());
    const text = answer.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    onText(text);
    return { ...meta, text };
  }
  return {
    ...meta,
    text: await readStream(res, r.format === 'anthropic' ? new AnthropicStreamDecoder() : new OpenAiStreamDecoder(), onText),
  };
}

/** The answer's text, through the same stream decoder the daemon uses for that format. */
async function readStream(
  res: Response,
  decoder: OpenAiStreamDecoder | AnthropicStreamDecoder,
  onText: (t: string) => void,
): Promise<string> {
  let text = '';
  const take = (events: CanonicalStreamEvent[]) => {
    for (const ev of events) {
      if (ev.type === 'error') throw new CliError('failed', `the answer broke off mid-stream: ${ev.error.message}`);
      if (ev.type === 'text_delta') {
        text += ev.text;
        onText(ev.text);
      }
    }
  };
  const sse = new SseDecoder();
  const bytes = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
    for (const ev of sse.push(bytes.decode(chunk, { stream: true }))) take(decoder.push(ev));
  for (const ev of sse.end()) take(decoder.push(ev));
  take(decoder.end());
  return text;
}
