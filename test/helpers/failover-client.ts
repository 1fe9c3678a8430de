/* eslint-disable @typescript-eslint/no-explicit-any -- test client reading loosely shaped SSE and JSON */
// Minimal clients for failover tests: they read the router's answer the way an SDK would (whole
// text, usage, the in-stream error if any) and keep the raw bytes for exactness checks.
export interface StreamResult {
  status: number;
  decision: string;
  headers: Headers;
  raw: string;
  text: string;
  error?: { message: string; type?: string };
  usage?: Record<string, number>;
  model?: string;
}

const ask = [{ role: 'user', content: 'count for me' }];

/** Streams from /v1/chat/completions (openai) or /v1/messages (anthropic) and reassembles the text. */
export async function chatStream(base: string, client: 'openai' | 'anthropic', model = 'main'): Promise<StreamResult> {
  const res =
    client === 'openai'
      ? await fetch(`${base}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: ask, stream: true, stream_options: { include_usage: true } }),
        })
      : await fetch(`${base}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model, max_tokens: 1000, messages: ask, stream: true }),
        });
  const raw = await res.text();
  const out: StreamResult = {
    status: res.status,
    decision: res.headers.get('x-router-decision') ?? '',
    headers: res.headers,
    raw,
    text: '',
  };
  if (res.status !== 200) {
    try {
      const body = JSON.parse(raw) as { error?: { message: string; type?: string } };
      out.error = body.error;
    } catch {
      out.error = { message: raw };
    }
    return out;
  }
  for (const line of raw.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6);
    if (data === '[DONE]') continue;
    const ev = JSON.parse(data) as Record<string, any>;
    if (ev.error) out.error = ev.error;
    if (client === 'openai') {
      if (ev.model && !out.model) out.model = ev.model;
      out.text += ev.choices?.[0]?.delta?.content ?? '';
      if (ev.usage) out.usage = ev.usage;
    } else {
      if (ev.type === 'message_start') out.model = ev.message.model;
      if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') out.text += ev.delta.text;
      if (ev.type === 'message_delta' && ev.usage) out.usage = ev.usage;
    }
  }
  return out;
}

export interface JsonResult {
  status: number;
  decision: string;
  headers: Headers;
  text: string;
  body: Record<string, any>;
}

export async function chatJson(base: string, model = 'main'): Promise<JsonResult> {
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: ask }),
  });
  const body = (await res.json()) as Record<string, any>;
  return {
    status: res.status,
    decision: res.headers.get('x-router-decision') ?? '',
    headers: res.headers,
    text: body.choices?.[0]?.message?.content ?? '',
    body,
  };
}
