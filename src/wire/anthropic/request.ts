// Validation, summary and shortcut stripping for Anthropic Messages requests, the counterpart of
// openai/request.ts. count_tokens bodies carry no max_tokens, so it is optional there.
import type { RequestSummary } from '../summary.js';
import type { AnthropicBlock, AnthropicMessage, AnthropicRequest } from './types.js';
import { isObj } from '../json-object.js';
import { jsonSize } from '../json-size.js';

export type AnthropicValidation = { ok: true; req: AnthropicRequest } | { ok: false; message: string; param: string };

class Invalid {
  constructor(
    readonly param: string,
    readonly message: string,
  ) {}
}

function fail(param: string, rest: string): never {
  throw new Invalid(param, `${param}: ${rest}`);
}

function checkBlock(b: unknown, at: string): void {
  if (!isObj(b)) fail(at, 'must be an object');
  if (typeof b.type !== 'string') fail(`${at}.type`, 'must be a string');
  switch (b.type) {
    case 'text':
      if (typeof b.text !== 'string') fail(`${at}.text`, 'must be a string');
      break;
    case 'image':
    case 'document':
      if (!isObj(b.source) || typeof b.source.type !== 'string') fail(`${at}.source`, 'must be an object with a type');
      break;
    case 'tool_use':
      if (typeof b.id !== 'string') fail(`${at}.id`, 'must be a string');
      if (typeof b.name !== 'string') fail(`${at}.name`, 'must be a string');
      if (!isObj(b.input)) fail(`${at}.input`, 'must be an object');
      break;
    case 'tool_result':
      if (typeof b.tool_use_id !== 'string') fail(`${at}.tool_use_id`, 'must be a string');
      if (Array.isArray(b.content)) b.content.forEach((c, i) => checkBlock(c, `${at}.content.${i}`));
      else if (b.content !== undefined && typeof b.content !== 'string') fail(`${at}.content`, 'must be a string or an array of blocks');
      break;
    default:
      break;
  }
}

function checkMessage(m: unknown, i: number): void {
  const at = `messages.${i}`;
  if (!isObj(m)) fail(at, 'must be an object');
  if (m.role !== 'user' && m.role !== 'assistant' && m.role !== 'system') fail(`${at}.role`, 'must be one of user, assistant');
  if (typeof m.content === 'string') return;
  if (!Array.isArray(m.content)) fail(`${at}.content`, 'must be a string or an array of content blocks');
  m.content.forEach((b, j) => checkBlock(b, `${at}.content.${j}`));
}

export function validateAnthropicMessages(body: unknown, opts: { countTokens?: boolean } = {}): AnthropicValidation {
  try {
    if (!isObj(body)) fail('body', 'must be a JSON object');
    if (typeof body.model !== 'string' || body.model.length === 0) fail('model', 'Field required');
    if (!Array.isArray(body.messages)) fail('messages', 'Field required');
    body.messages.forEach(checkMessage);
    if (opts.countTokens !== true) {
      if (body.max_tokens === undefined) fail('max_tokens', 'Field required');
      if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 0) fail('max_tokens', 'must be a non-negative integer');
    }
    if (body.system !== undefined && typeof body.system !== 'string') {
      if (!Array.isArray(body.system)) fail('system', 'must be a string or an array of text blocks');
      body.system.forEach((b, i) => checkBlock(b, `system.${i}`));
    }
    if (body.stream !== undefined && typeof body.stream !== 'boolean') fail('stream', 'must be a boolean');
    if (
      body.stop_sequences !== undefined &&
      !(Array.isArray(body.stop_sequences) && body.stop_sequences.every((s) => typeof s === 'string'))
    ) {
      fail('stop_sequences', 'must be an array of strings');
    }
    if (body.tools !== undefined) {
      if (!Array.isArray(body.tools)) fail('tools', 'must be an array');
      body.tools.forEach((t, i) => {
        if (!isObj(t) || typeof t.name !== 'string') fail(`tools.${i}.name`, 'Field required');
      });
    }
    if (body.tool_choice !== undefined && !(isObj(body.tool_choice) && typeof body.tool_choice.type === 'string'))
      fail('tool_choice', 'must be an object with a type');
    return { ok: true, req: body as unknown as AnthropicRequest };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message, param: e.param };
    throw e;
  }
}

function blocksText(content: string | AnthropicBlock[] | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const b of content) if (b.type === 'text') texts.push((b as { text: string }).text);
  return texts.join('\n');
}

/** The last user message with text of its own: tool-result-only turns continue the human's last request. */
function lastUserIndex(messages: AnthropicMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as AnthropicMessage;
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string' || m.content.some((b) => b.type === 'text')) return i;
  }
  return -1;
}

function countChars(blocks: AnthropicBlock[], acc: { text: number; images: number }): void {
  for (const b of blocks) {
    if (b.type === 'text') acc.text += (b as { text: string }).text.length;
    else if (b.type === 'image') acc.images++;
    else if (b.type === 'tool_use') acc.text += JSON.stringify(b.input ?? {}).length + String(b.name).length;
    else if (b.type === 'thinking') acc.text += String(b.thinking ?? '').length;
    else if (b.type === 'tool_result') {
      if (typeof b.content === 'string') acc.text += b.content.length;
      else if (Array.isArray(b.content)) countChars(b.content as AnthropicBlock[], acc);
    }
  }
}

export function summarizeAnthropic(req: AnthropicRequest): RequestSummary {
  const acc = { text: 0, images: 0 };
  const systemText = blocksText(req.system);
  acc.text += systemText.length;
  const systems: string[] = systemText === '' ? [] : [systemText];
  for (const m of req.messages) {
    if (typeof m.content === 'string') acc.text += m.content.length;
    else countChars(m.content, acc);
    if (m.role === 'system') systems.push(blocksText(m.content));
  }
  const last = req.messages[lastUserIndex(req.messages)];
  const tools = req.tools ?? [];
  const s: RequestSummary = {
    stream: req.stream === true,
    lastUserText: last === undefined ? '' : blocksText(last.content),
    systemText: systems.join('\n'),
    textChars: acc.text,
    imageCount: acc.images,
    toolCount: tools.length,
    toolsChars: tools.length === 0 ? 0 : jsonSize(tools),
    wantsUsage: true,
  };
  if (typeof req.max_tokens === 'number') s.maxOutputTokens = req.max_tokens;
  return s;
}

/** Same contract as replaceLastUserTextOpenAi: a stripped prefix is cut from the leading text blocks. */
export function replaceLastUserTextAnthropic(req: AnthropicRequest, text: string): AnthropicRequest {
  const idx = lastUserIndex(req.messages);
  const msg = req.messages[idx];
  if (msg === undefined) return req;
  const messages = req.messages.slice();
  messages[idx] = { ...msg, content: replaced(msg.content, text) };
  return { ...req, messages };
}

function replaced(content: string | AnthropicBlock[], text: string): string | AnthropicBlock[] {
  if (typeof content === 'string') return text;
  const old = blocksText(content);
  const out: AnthropicBlock[] = [];
  if (old.endsWith(text)) {
    let left = old.length - text.length;
    let seenText = false;
    for (const b of content) {
      if (b.type !== 'text' || left <= 0) {
        out.push(b);
        continue;
      }
      const t = (b as { text: string }).text;
      if (seenText) left--;
      seenText = true;
      if (left >= t.length) left -= t.length;
      else {
        out.push({ ...b, text: t.slice(Math.max(0, left)) } as AnthropicBlock);
        left = 0;
      }
    }
    return out;
  }
  let placed = false;
  for (const b of content) {
    if (b.type !== 'text') out.push(b);
    else if (!placed) {
      placed = true;
      if (text !== '') out.push({ ...b, text } as AnthropicBlock);
    }
  }
  if (!placed && text !== '') out.unshift({ type: 'text', text });
  return out;
}
