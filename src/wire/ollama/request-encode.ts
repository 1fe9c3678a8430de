// Canonical request -> Ollama native /api/chat (PROTOCOLS 6.1): images as bare base64, tool call
// arguments as objects, tool results named by function, sampling under `options`.
import type { CanonicalBlock, CanonicalMessage, CanonicalRequest, Json, TextBlock } from '../canonical.js';
import { toolNamesById } from '../tool-names.js';
import { WireError } from '../wire-error.js';

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  images?: string[];
  thinking?: string;
  tool_calls?: { function: { name: string; arguments: Json } }[];
  tool_name?: string;
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: { type: 'function'; function: { name: string; description?: string; parameters: Json } }[];
  format?: 'json' | Json;
  options?: Json;
  think?: boolean | string;
  keep_alive?: string | number;
}

export interface OllamaRequestOptions {
  model?: string;
  keepAlive?: string | number;
  /** Send earlier reasoning back on assistant turns. Default false. */
  sendThinking?: boolean;
}

const texts = (blocks: readonly CanonicalBlock[]): string =>
  blocks
    .filter((b): b is TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('\n');

function images(blocks: readonly CanonicalBlock[], at: string): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type !== 'image') continue;
    if (b.source.kind !== 'base64') throw new WireError('unsupported', `${at}: Ollama accepts only inline (base64) images`, at);
    out.push(b.source.data);
  }
  return out;
}

function userTurn(m: CanonicalMessage, i: number, names: Map<string, string>): OllamaMessage[] {
  const out: OllamaMessage[] = [];
  // Tool messages carry no images: those of a tool result go in the user message that follows.
  // Ollama takes only inline images and the wire room cannot fetch, so a URL image there is a
  // WireError (as in a user turn), never a silent loss.
  const toolImages: string[] = [];
  m.content.forEach((b, j) => {
    if (b.type !== 'tool_result') return;
    const text = typeof b.content === 'string' ? b.content : texts(b.content);
    out.push({ role: 'tool', content: b.isError === true ? `Error: ${text}` : text, tool_name: names.get(b.toolUseId) ?? '' });
    if (typeof b.content !== 'string') toolImages.push(...images(b.content, `messages[${i}].content[${j}]`));
  });
  const rest = m.content.filter((b) => b.type !== 'tool_result');
  if (rest.length === 0 && out.length > 0 && toolImages.length === 0) return out;
  const msg: OllamaMessage = { role: 'user', content: texts(rest) };
  const imgs = [...toolImages, ...images(rest, `messages[${i}]`)];
  if (imgs.length > 0) msg.images = imgs;
  out.push(msg);
  return out;
}

function assistantTurn(m: CanonicalMessage, opts: OllamaRequestOptions): OllamaMessage {
  const msg: OllamaMessage = { role: 'assistant', content: texts(m.content.filter((b) => b.type !== 'text' || b.refusal !== true)) };
  const calls = m.content.flatMap((b) => (b.type === 'tool_use' ? [{ function: { name: b.name, arguments: b.input } }] : []));
  if (calls.length > 0) msg.tool_calls = calls;
  if (opts.sendThinking === true) {
    const thinking = m.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : [])).join('\n');
    if (thinking !== '') msg.thinking = thinking;
  }
  return msg;
}

function think(c: CanonicalRequest): boolean | string | undefined {
  if (c.effort !== undefined)
    return c.effort === 'none' || c.effort === 'minimal'
      ? false
      : c.effort === 'low' || c.effort === 'medium' || c.effort === 'high'
        ? c.effort
        : true;
  if (c.thinking?.type === 'enabled' || c.thinking?.type === 'adaptive') return true;
  if (c.thinking?.type === 'disabled') return false;
  return undefined;
}

export function encodeOllamaRequest(c: CanonicalRequest, opts: OllamaRequestOptions = {}): OllamaChatRequest {
  const names = toolNamesById(c.messages);
  const messages: OllamaMessage[] = [];
  if (c.system !== undefined && c.system.length > 0) messages.push({ role: 'system', content: texts(c.system) });
  c.messages.forEach((m, i) => {
    if (m.role === 'system') messages.push({ role: 'system', content: texts(m.content) });
    else if (m.role === 'assistant') messages.push(assistantTurn(m, opts));
    else messages.push(...userTurn(m, i, names));
  });
  const out: OllamaChatRequest = { model: opts.model ?? c.model, messages, stream: c.stream === true };
  const tools = (c.tools ?? []).flatMap((t) =>
    t.kind === 'function' && c.toolChoice?.type !== 'none'
      ? [
          {
            type: 'function' as const,
            function: {
              name: t.name,
              ...(t.description === undefined ? {} : { description: t.description }),
              parameters: t.inputSchema ?? { type: 'object', properties: {} },
            },
          },
        ]
      : [],
  );
  if (tools.length > 0) out.tools = tools;
  if (c.responseFormat?.type === 'json_object') out.format = 'json';
  else if (c.responseFormat?.type === 'json_schema' && c.responseFormat.schema !== undefined) out.format = c.responseFormat.schema;
  const options: Json = {};
  if (c.temperature !== undefined) options.temperature = c.temperature;
  if (c.topP !== undefined) options.top_p = c.topP;
  if (c.topK !== undefined) options.top_k = c.topK;
  if (c.maxTokens !== undefined) options.num_predict = c.maxTokens;
  if (c.stopSequences !== undefined && c.stopSequences.length > 0) options.stop = c.stopSequences;
  const seed = c.extras?.openai?.seed;
  if (typeof seed === 'number') options.seed = seed;
  if (Object.keys(options).length > 0) out.options = options;
  const t = think(c);
  if (t !== undefined) out.think = t;
  if (opts.keepAlive !== undefined) out.keep_alive = opts.keepAlive;
  return out;
}
