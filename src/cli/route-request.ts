// The request `router route` sends (or only plans): built from flags, or a whole OpenAI or
// Anthropic request body from --file. Validated with the same wire codecs the daemon uses.
import { readFile } from 'node:fs/promises';
import type { RequestFacts } from '../engine/types.js';
import { requestFacts } from '../engine/facts.js';
import { summarizeAnthropic, validateAnthropicMessages } from '../wire/anthropic/request.js';
import { summarizeOpenAi, validateOpenAiChat } from '../wire/openai/request.js';
import { CliError } from './errors.js';

export type ClientFormat = 'openai' | 'anthropic';

export interface RouteRequest {
  format: ClientFormat;
  body: Record<string, unknown>;
  /** Lower-case names. */
  headers: Record<string, string>;
}

export interface RouteFlags {
  prompt?: string;
  model?: string;
  route?: string;
  header?: string[];
  tools?: boolean;
  image?: boolean;
  file?: string;
  format?: string;
  stream?: boolean;
}

// A 1x1 PNG: enough for the router to see an image in the request.
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export async function buildRouteRequest(f: RouteFlags): Promise<RouteRequest> {
  const headers: Record<string, string> = {};
  for (const h of f.header ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new CliError('usage', `--header must look like name:value, got "${h}"`);
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  if (f.route) headers['x-router-route'] = f.route;
  if (f.file) {
    const body = JSON.parse(
      await readFile(f.file, 'utf8').catch(() => {
        throw new CliError('not_found', `cannot read ${f.file}`);
      }),
    ) as Record<string, unknown>;
    const format = (f.format as ClientFormat | undefined) ?? detectFormat(body);
    if (f.model) body.model = f.model;
    if (f.stream !== undefined) body.stream = f.stream;
    return { format, body, headers };
  }
  if (!f.prompt) throw new CliError('usage', 'give --prompt TEXT or --file request.json');
  const content = f.image
    ? [
        { type: 'text', text: f.prompt },
        { type: 'image_url', image_url: { url: PIXEL } },
      ]
    : f.prompt;
  const body: Record<string, unknown> = { model: f.model ?? 'auto', messages: [{ role: 'user', content }], stream: f.stream ?? false };
  if (f.tools)
    body.tools = [
      {
        type: 'function',
        function: {
          name: 'lookup',
          description: 'Look something up.',
          parameters: { type: 'object', properties: { q: { type: 'string' } } },
        },
      },
    ];
  return { format: 'openai', body, headers };
}

/** Anthropic bodies have a top-level system, max_tokens without OpenAI roles, or typed content blocks. */
function detectFormat(body: Record<string, unknown>): ClientFormat {
  if (body.system !== undefined) return 'anthropic';
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown }>) : [];
  if (messages.some((m) => m.role === 'system' || m.role === 'tool' || m.role === 'developer')) return 'openai';
  const blocks = messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as Array<{ type?: string }>) : []));
  if (blocks.some((b) => b.type === 'tool_use' || b.type === 'tool_result' || b.type === 'image' || b.type === 'thinking'))
    return 'anthropic';
  return body.max_tokens !== undefined && body.max_completion_tokens === undefined && !blocks.some((b) => b.type === 'image_url')
    ? 'anthropic'
    : 'openai';
}

export function factsOf(r: RouteRequest): RequestFacts {
  if (r.format === 'anthropic') {
    const v = validateAnthropicMessages(r.body);
    if (!v.ok) throw new CliError('usage', `invalid Anthropic request: ${v.message}`);
    return requestFacts(v.req.model, summarizeAnthropic(v.req), r.headers, 'anthropic');
  }
  const v = validateOpenAiChat(r.body);
  if (!v.ok) throw new CliError('usage', `invalid OpenAI request: ${v.message}`);
  return requestFacts(v.req.model, summarizeOpenAi(v.req), r.headers, 'openai');
}
