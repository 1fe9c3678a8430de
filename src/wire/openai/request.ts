// Validation, summary and shortcut stripping for OpenAI chat requests. Validation names the exact
// field (`messages[2].role`) so a client sees why it got 400 instead of an upstream's guess.
import type { RequestSummary } from '../summary.js';
import type { OpenAiChatRequest, OpenAiContentPart, OpenAiMessage } from './types.js';
import { isObj, type Obj } from '../json-object.js';
import { fail, isInt, isNum, optional, validate, type Validation } from '../validation.js';
import { jsonSize } from '../json-size.js';

export type OpenAiValidation = Validation<OpenAiChatRequest>;

const roles = ['system', 'developer', 'user', 'assistant', 'tool'] as const;
const userPartTypes = ['text', 'image_url', 'input_audio', 'file'];

function checkTextParts(parts: unknown[], at: string, allowed: readonly string[]): void {
  parts.forEach((p, i) => {
    const here = `${at}[${i}]`;
    if (!isObj(p)) fail(here, 'must be an object');
    if (typeof p.type !== 'string' || !allowed.includes(p.type)) fail(`${here}.type`, `must be one of ${allowed.join(', ')}`);
    if (p.type === 'text' && typeof p.text !== 'string') fail(`${here}.text`, 'must be a string');
    if (p.type === 'refusal' && typeof p.refusal !== 'string') fail(`${here}.refusal`, 'must be a string');
    if (p.type === 'image_url' && !(isObj(p.image_url) && typeof p.image_url.url === 'string'))
      fail(`${here}.image_url.url`, 'must be a string');
    if (p.type === 'input_audio' && !(isObj(p.input_audio) && typeof p.input_audio.data === 'string'))
      fail(`${here}.input_audio.data`, 'must be a string');
    if (p.type === 'file' && !isObj(p.file)) fail(`${here}.file`, 'must be an object');
  });
}

function checkContent(m: Obj, at: string): void {
  const c = m.content;
  const where = `${at}.content`;
  if (m.role === 'assistant') {
    if (c === undefined || c === null || typeof c === 'string') return;
    if (!Array.isArray(c)) fail(where, 'must be a string, an array of parts, or null');
    checkTextParts(c, where, ['text', 'refusal']);
    return;
  }
  if (typeof c === 'string') return;
  if (!Array.isArray(c)) fail(where, 'must be a string or an array of content parts');
  checkTextParts(c, where, m.role === 'user' ? userPartTypes : ['text']);
}

function checkToolCalls(v: unknown, at: string): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) fail(at, 'must be an array');
  v.forEach((tc, i) => {
    const here = `${at}[${i}]`;
    if (!isObj(tc)) fail(here, 'must be an object');
    if (typeof tc.id !== 'string') fail(`${here}.id`, 'must be a string');
    if (tc.type !== undefined && tc.type !== 'function') fail(`${here}.type`, 'must be "function"');
    if (!isObj(tc.function)) fail(`${here}.function`, 'must be an object');
    if (typeof tc.function.name !== 'string') fail(`${here}.function.name`, 'must be a string');
    if (typeof tc.function.arguments !== 'string') fail(`${here}.function.arguments`, 'must be a JSON string');
  });
}

function checkMessage(m: unknown, i: number): void {
  const at = `messages[${i}]`;
  if (!isObj(m)) fail(at, 'must be an object');
  if (typeof m.role !== 'string' || !(roles as readonly string[]).includes(m.role))
    fail(`${at}.role`, `must be one of ${roles.join(', ')}`);
  checkContent(m, at);
  if (m.role === 'assistant') checkToolCalls(m.tool_calls, `${at}.tool_calls`);
  if (m.role === 'tool' && typeof m.tool_call_id !== 'string') fail(`${at}.tool_call_id`, 'must be a string');
}

function checkTools(v: unknown): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) fail('tools', 'must be an array');
  v.forEach((t, i) => {
    const at = `tools[${i}]`;
    if (!isObj(t)) fail(at, 'must be an object');
    if (t.type === 'custom') {
      if (!isObj(t.custom) || typeof t.custom.name !== 'string') fail(`${at}.custom.name`, 'must be a string');
      return;
    }
    if (t.type !== 'function') fail(`${at}.type`, 'must be "function" or "custom"');
    if (!isObj(t.function)) fail(`${at}.function`, 'must be an object');
    if (typeof t.function.name !== 'string' || t.function.name.length === 0) fail(`${at}.function.name`, 'must be a non-empty string');
    const params = t.function.parameters;
    if (params !== undefined && params !== null && !isObj(params)) fail(`${at}.function.parameters`, 'must be a JSON Schema object');
  });
}

function checkToolChoice(v: unknown): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'string') {
    if (!['none', 'auto', 'required'].includes(v)) fail('tool_choice', 'must be one of none, auto, required, or an object');
    return;
  }
  if (!isObj(v) || typeof v.type !== 'string') fail('tool_choice', 'must be one of none, auto, required, or an object');
  if (v.type === 'function' && !(isObj(v.function) && typeof v.function.name === 'string'))
    fail('tool_choice.function.name', 'must be a string');
}

export function validateOpenAiChat(body: unknown): OpenAiValidation {
  return validate(() => {
    if (!isObj(body)) fail('body', 'must be a JSON object');
    if (typeof body.model !== 'string' || body.model.length === 0) fail('model', 'must be a non-empty string');
    if (!Array.isArray(body.messages) || body.messages.length === 0) fail('messages', 'must be a non-empty array');
    body.messages.forEach(checkMessage);
    optional(body, 'stream', (v) => typeof v === 'boolean', 'a boolean');
    optional(body, 'stream_options', isObj, 'an object');
    optional(body, 'max_tokens', isInt, 'a non-negative integer');
    optional(body, 'max_completion_tokens', isInt, 'a non-negative integer');
    optional(body, 'temperature', isNum, 'a number');
    optional(body, 'top_p', isNum, 'a number');
    optional(body, 'n', (v) => Number.isInteger(v) && (v as number) >= 1, 'a positive integer');
    optional(
      body,
      'stop',
      (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')),
      'a string or an array of strings',
    );
    optional(body, 'parallel_tool_calls', (v) => typeof v === 'boolean', 'a boolean');
    optional(body, 'response_format', (v) => isObj(v) && typeof v.type === 'string', 'an object with a type');
    checkTools(body.tools);
    checkToolChoice(body.tool_choice);
    return body as unknown as OpenAiChatRequest;
  });
}

export function messageText(content: OpenAiMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content) {
    if (p.type !== 'text') continue;
    out = out.length === 0 ? p.text : `${out}\n${p.text}`;
  }
  return out;
}

function lastUserIndex(messages: OpenAiMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return i;
  return -1;
}

export function summarizeOpenAi(req: OpenAiChatRequest): RequestSummary {
  let textChars = 0;
  let imageCount = 0;
  let systemText = '';
  for (const m of req.messages) {
    if (typeof m.content === 'string') textChars += m.content.length;
    else if (Array.isArray(m.content)) {
      for (const p of m.content) {
        if (p.type === 'text') textChars += p.text.length;
        else if (p.type === 'image_url') imageCount++;
      }
    }
    if (m.tool_calls) for (const tc of m.tool_calls) textChars += tc.function.name.length + tc.function.arguments.length;
    if (m.role === 'system' || m.role === 'developer') {
      const t = messageText(m.content);
      systemText = systemText.length === 0 ? t : `${systemText}\n${t}`;
    }
  }
  const last = req.messages[lastUserIndex(req.messages)];
  const tools = req.tools ?? [];
  const summary: RequestSummary = {
    stream: req.stream === true,
    lastUserText: last === undefined ? '' : messageText(last.content),
    systemText,
    textChars,
    imageCount,
    toolCount: tools.length,
    toolsChars: tools.length === 0 ? 0 : jsonSize(tools),
    wantsUsage: req.stream === true && req.stream_options?.include_usage === true,
  };
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (typeof max === 'number') summary.maxOutputTokens = max;
  return summary;
}

/**
 * Returns a new request whose last user message reads `text`. When `text` is a suffix of the old
 * text (a stripped `@shortcut` prefix), the prefix is cut from the leading text parts so images,
 * part order and per-part fields survive; otherwise the text parts collapse into one.
 */
export function replaceLastUserTextOpenAi(req: OpenAiChatRequest, text: string): OpenAiChatRequest {
  const idx = lastUserIndex(req.messages);
  const msg = req.messages[idx];
  if (msg === undefined) return req;
  const messages = req.messages.slice();
  messages[idx] = { ...msg, content: replacedContent(msg.content, text) };
  return { ...req, messages };
}

function replacedContent(content: OpenAiMessage['content'], text: string): OpenAiMessage['content'] {
  if (!Array.isArray(content)) return text;
  const old = messageText(content);
  if (old.endsWith(text)) return cutPrefix(content, old.length - text.length);
  const out: OpenAiContentPart[] = [];
  let placed = false;
  for (const p of content) {
    if (p.type !== 'text') out.push(p);
    else if (!placed) {
      placed = true;
      if (text.length > 0) out.push({ ...p, text });
    }
  }
  if (!placed && text.length > 0) out.unshift({ type: 'text', text });
  return out;
}

function cutPrefix(parts: OpenAiContentPart[], chars: number): OpenAiContentPart[] {
  let left = chars;
  let seenText = false;
  const out: OpenAiContentPart[] = [];
  for (const p of parts) {
    if (p.type !== 'text' || left <= 0) {
      out.push(p);
      continue;
    }
    // The "\n" that messageText put between two text parts is part of the removed prefix.
    if (seenText) left--;
    seenText = true;
    if (left >= p.text.length) {
      left -= p.text.length;
      continue;
    }
    out.push({ ...p, text: p.text.slice(Math.max(0, left)) });
    left = 0;
  }
  return out;
}
