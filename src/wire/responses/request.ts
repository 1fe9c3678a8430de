// Validation, summary and shortcut stripping for Responses requests. Validation names the exact
// field (`input[2].call_id`) so a client sees why it got 400 instead of an upstream's guess.
import { isObj, type Obj } from '../json-object.js';
import type { RequestSummary } from '../summary.js';
import { fail, isBool, isInt, isNum, isStr, optional, validate, type Validation } from '../validation.js';
import type { ResponsesContentPart, ResponsesItem, ResponsesMessageItem, ResponsesRequest } from './types.js';
import { jsonSize } from '../json-size.js';

export type ResponsesValidation = Validation<ResponsesRequest>;

const roles = ['user', 'assistant', 'system', 'developer'];

function checkParts(parts: unknown, at: string): void {
  if (isStr(parts)) return;
  if (!Array.isArray(parts)) fail(at, 'must be a string or an array of content parts');
  parts.forEach((p, i) => {
    const here = `${at}[${i}]`;
    if (!isObj(p)) fail(here, 'must be an object');
    if (!isStr(p.type)) fail(`${here}.type`, 'must be a string');
    if ((p.type === 'input_text' || p.type === 'output_text') && !isStr(p.text)) fail(`${here}.text`, 'must be a string');
    if (p.type === 'refusal' && !isStr(p.refusal)) fail(`${here}.refusal`, 'must be a string');
    if (p.type === 'input_image' && !isStr(p.image_url) && !isStr(p.file_id))
      fail(`${here}.image_url`, 'must be a string (or give file_id)');
  });
}

function checkItem(item: unknown, i: number): void {
  const at = `input[${i}]`;
  if (!isObj(item)) fail(at, 'must be an object');
  const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
  if (!isStr(type)) fail(`${at}.type`, 'must be a string');
  switch (type) {
    case 'message':
      if (!isStr(item.role) || !roles.includes(item.role)) fail(`${at}.role`, `must be one of ${roles.join(', ')}`);
      checkParts(item.content, `${at}.content`);
      return;
    case 'function_call':
      if (!isStr(item.call_id) || item.call_id === '') fail(`${at}.call_id`, 'must be a non-empty string');
      if (!isStr(item.name) || item.name === '') fail(`${at}.name`, 'must be a non-empty string');
      if (!isStr(item.arguments)) fail(`${at}.arguments`, 'must be a JSON string');
      return;
    case 'function_call_output':
      if (!isStr(item.call_id) || item.call_id === '') fail(`${at}.call_id`, 'must be a non-empty string');
      checkParts(item.output, `${at}.output`);
      return;
    default:
      return;
  }
}

function checkTools(v: unknown, at = 'tools'): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) fail(at, 'must be an array');
  v.forEach((t, i) => {
    const here = `${at}[${i}]`;
    if (!isObj(t)) fail(here, 'must be an object');
    if (!isStr(t.type)) fail(`${here}.type`, 'must be a string');
    if (t.type === 'function') {
      if (!isStr(t.name) || t.name === '') fail(`${here}.name`, 'must be a non-empty string');
      if (t.parameters !== undefined && t.parameters !== null && !isObj(t.parameters))
        fail(`${here}.parameters`, 'must be a JSON Schema object');
    }
    if (t.type === 'namespace') {
      if (!isStr(t.name) || t.name === '') fail(`${here}.name`, 'must be a non-empty string');
      if (!Array.isArray(t.tools)) fail(`${here}.tools`, 'must be an array');
      checkTools(t.tools, `${here}.tools`);
    }
  });
}

function checkToolChoice(v: unknown): void {
  if (v === undefined || v === null) return;
  if (isStr(v)) {
    if (!['none', 'auto', 'required'].includes(v)) fail('tool_choice', 'must be one of none, auto, required, or an object');
    return;
  }
  if (!isObj(v) || !isStr(v.type)) fail('tool_choice', 'must be one of none, auto, required, or an object');
  if (v.type === 'function' && !isStr(v.name)) fail('tool_choice.name', 'must be a string');
}

export function validateResponses(body: unknown): ResponsesValidation {
  return validate(() => {
    if (!isObj(body)) fail('body', 'must be a JSON object');
    if (!isStr(body.model) || body.model.length === 0) fail('model', 'must be a non-empty string');
    const input = body.input;
    if (input === undefined || input === null) {
      if (!isStr(body.previous_response_id) && !isObj(body.prompt)) fail('input', 'is required (a string or an array of items)');
    } else if (Array.isArray(input)) input.forEach(checkItem);
    else if (!isStr(input)) fail('input', 'must be a string or an array of items');
    optional(body, 'instructions', isStr, 'a string');
    optional(body, 'stream', isBool, 'a boolean');
    optional(body, 'max_output_tokens', isInt, 'a non-negative integer');
    optional(body, 'temperature', isNum, 'a number');
    optional(body, 'top_p', isNum, 'a number');
    optional(body, 'parallel_tool_calls', isBool, 'a boolean');
    optional(body, 'store', isBool, 'a boolean');
    optional(body, 'include', (v) => Array.isArray(v) && v.every(isStr), 'an array of strings');
    optional(body, 'reasoning', isObj, 'an object');
    optional(body, 'text', isObj, 'an object');
    const format = isObj(body.text) ? body.text.format : undefined;
    if (format !== undefined && format !== null && !(isObj(format) && isStr(format.type)))
      fail('text.format', 'must be an object with a type');
    checkTools(body.tools);
    checkToolChoice(body.tool_choice);
    return body as unknown as ResponsesRequest;
  });
}

const isMessage = (item: ResponsesItem): item is ResponsesMessageItem =>
  (item.type === undefined || item.type === 'message') && isStr((item as Obj).role);

/** Text of a message content (input_text / output_text parts joined with "\n"). */
export function partsText(content: string | ResponsesContentPart[] | undefined): string {
  if (isStr(content)) return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content) {
    if ((p.type === 'input_text' || p.type === 'output_text') && isStr(p.text)) out = out.length === 0 ? p.text : `${out}\n${p.text}`;
  }
  return out;
}

function lastUserIndex(items: ResponsesItem[]): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i] as ResponsesItem;
    if (isMessage(it) && it.role === 'user') return i;
  }
  return -1;
}

function countTools(tools: unknown[]): number {
  let n = 0;
  for (const t of tools) n += isObj(t) && t.type === 'namespace' && Array.isArray(t.tools) ? t.tools.length : 1;
  return n;
}

export function summarizeResponses(req: ResponsesRequest): RequestSummary {
  let textChars = 0;
  let imageCount = 0;
  let systemText = typeof req.instructions === 'string' ? req.instructions : '';
  let lastUserText = '';
  const items: ResponsesItem[] = isStr(req.input) ? [] : (req.input ?? []);
  if (isStr(req.input)) {
    textChars += req.input.length;
    lastUserText = req.input;
  }
  for (const it of items) {
    if (isMessage(it)) {
      const text = partsText(it.content);
      textChars += text.length;
      if (Array.isArray(it.content)) for (const p of it.content) if (p.type === 'input_image') imageCount++;
      if (it.role === 'system' || it.role === 'developer') systemText = systemText.length === 0 ? text : `${systemText}\n${text}`;
    } else if (it.type === 'function_call') {
      textChars += String(it.name ?? '').length + String(it.arguments ?? '').length;
    } else if (it.type === 'function_call_output') {
      const out = (it as Obj).output;
      textChars += isStr(out) ? out.length : partsText(out as ResponsesContentPart[]).length;
    }
  }
  const last = items[lastUserIndex(items)];
  if (last !== undefined && isMessage(last)) lastUserText = partsText(last.content);
  const tools = req.tools ?? [];
  const summary: RequestSummary = {
    stream: req.stream === true,
    lastUserText,
    systemText,
    textChars,
    imageCount,
    toolCount: countTools(tools),
    toolsChars: tools.length === 0 ? 0 : jsonSize(tools),
    // A Responses answer always carries usage (response.completed.response.usage).
    wantsUsage: true,
  };
  if (typeof req.max_output_tokens === 'number') summary.maxOutputTokens = req.max_output_tokens;
  return summary;
}

/** A new request whose last user message reads `text` (a stripped `@shortcut` prefix). */
export function replaceLastUserTextResponses(req: ResponsesRequest, text: string): ResponsesRequest {
  if (isStr(req.input)) return { ...req, input: text };
  const items = req.input ?? [];
  const idx = lastUserIndex(items);
  const msg = items[idx] as ResponsesMessageItem | undefined;
  if (msg === undefined) return req;
  const next = items.slice();
  next[idx] = { ...msg, content: replacedContent(msg.content, text) };
  return { ...req, input: next };
}

function replacedContent(content: ResponsesMessageItem['content'], text: string): ResponsesMessageItem['content'] {
  if (!Array.isArray(content)) return text;
  const out: ResponsesContentPart[] = [];
  let placed = false;
  for (const p of content) {
    if (p.type !== 'input_text') out.push(p);
    else if (!placed) {
      placed = true;
      if (text.length > 0) out.push({ ...p, text });
    }
  }
  if (!placed && text.length > 0) out.unshift({ type: 'input_text', text });
  return out;
}
