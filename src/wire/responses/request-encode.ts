// Canonical request -> Responses request, for upstreams that speak the Responses API (a Chat or
// Anthropic client reaching a Responses-only model). Turns become items in order; functions of a
// namespace regroup; thinking from other providers and stop sequences have no place and are dropped.
import type { CanonicalBlock, CanonicalMessage, CanonicalRequest, CanonicalTool, FunctionTool, Json, TextBlock } from '../canonical.js';
import { sourceToUrl } from '../media.js';
import { inputToArguments } from '../tool-arguments.js';
import { effortFromThinking } from '../openai/request-encode.js';
import { modeOfToolChoice } from '../openai/tool-choice-mode.js';
import { namespaceBook, splitName, type NamespaceBook } from './tool-names.js';
import type {
  ResponsesContentPart,
  ResponsesFunctionCallItem,
  ResponsesFunctionTool,
  ResponsesItem,
  ResponsesRequest,
  ResponsesTextFormat,
  ResponsesTool,
  ResponsesToolChoice,
} from './types.js';

export interface ResponsesRequestOptions {
  /** Upstream model name (defaults to the canonical model). */
  model?: string;
  /** Send reasoning.effort (off for models that reject it). Default true. */
  reasoning?: boolean;
}

function part(b: CanonicalBlock, role: 'user' | 'assistant' | 'system'): ResponsesContentPart | undefined {
  switch (b.type) {
    case 'text':
      if (b.text === '') return undefined;
      if (role !== 'assistant') return { type: 'input_text', text: b.text };
      return b.refusal === true ? { type: 'refusal', refusal: b.text } : { type: 'output_text', text: b.text, annotations: [] };
    case 'image': {
      const p: ResponsesContentPart =
        b.source.kind === 'file'
          ? { type: 'input_image', file_id: b.source.fileId }
          : { type: 'input_image', image_url: sourceToUrl(b.source) };
      p.detail = b.detail ?? 'auto';
      return p;
    }
    case 'document': {
      if (b.source.kind === 'text') return { type: 'input_text', text: b.source.data };
      if (b.source.kind === 'url') return { type: 'input_file', file_url: b.source.url };
      const p: ResponsesContentPart =
        b.source.kind === 'file'
          ? { type: 'input_file', file_id: b.source.fileId }
          : { type: 'input_file', file_data: sourceToUrl(b.source) };
      const filename = b.filename ?? b.title;
      if (filename !== undefined) p.filename = filename;
      return p;
    }
    case 'raw':
      return b.format === 'responses' && typeof b.value.type === 'string' && !isItemType(b.value.type)
        ? (b.value as ResponsesContentPart)
        : undefined;
    default:
      return undefined;
  }
}

/** Raw item kinds (reasoning, item_reference, hosted tool calls…) as opposed to content parts. */
const isItemType = (type: string): boolean => !/^(input_|output_text$|refusal$)/.test(type);

function message(role: 'user' | 'assistant' | 'system', parts: ResponsesContentPart[], m: CanonicalMessage): ResponsesItem {
  const wire = role === 'system' && m.developer === true ? 'developer' : role;
  const allText = parts.every((p) => p.type === 'input_text');
  const content = m.asString === true && allText && role !== 'assistant' ? parts.map((p) => String(p.text)).join('\n') : parts;
  return role === 'assistant' ? { type: 'message', role: wire, content } : { role: wire, content };
}

function toolOutput(b: Extract<CanonicalBlock, { type: 'tool_result' }>): ResponsesItem {
  let output: string | ResponsesContentPart[];
  if (typeof b.content === 'string') output = b.content;
  else {
    const parts = b.content.map((x) => part(x, 'user')).filter((p): p is ResponsesContentPart => p !== undefined);
    output = parts.every((p) => p.type === 'input_text') ? parts.map((p) => String(p.text)).join('\n') : parts;
  }
  if (b.isError === true && typeof output === 'string') output = `Error: ${output}`;
  return { type: 'function_call_output', call_id: b.toolUseId, output };
}

function items(m: CanonicalMessage, book: NamespaceBook): ResponsesItem[] {
  const out: ResponsesItem[] = [];
  let parts: ResponsesContentPart[] = [];
  const flush = () => {
    if (parts.length > 0) out.push(message(m.role, parts, m));
    parts = [];
  };
  for (const b of m.content) {
    if (b.type === 'tool_use') {
      flush();
      const { name, namespace } = splitName(book, b.name);
      const call: ResponsesFunctionCallItem = {
        type: 'function_call',
        call_id: b.id,
        name,
        arguments: b.arguments ?? inputToArguments(b.input),
      };
      if (namespace !== undefined) call.namespace = namespace;
      out.push(call);
    } else if (b.type === 'tool_result') {
      flush();
      out.push(toolOutput(b));
    } else if (b.type === 'thinking' || b.type === 'redacted_thinking') {
      // Reasoning from another provider is bound to it (PROTOCOLS 8): this model cannot read it.
      continue;
    } else if (b.type === 'raw' && b.format === 'responses' && typeof b.value.type === 'string' && isItemType(b.value.type)) {
      flush();
      out.push(b.value as ResponsesItem);
    } else {
      const p = part(b, m.role);
      if (p !== undefined) parts.push(p);
    }
  }
  flush();
  // A turn whose content was all dropped still says it happened, as the other encoders do.
  if (out.length === 0 && m.role !== 'assistant') out.push(message(m.role, [], m));
  return out;
}

function functionTool(t: FunctionTool, name: string): ResponsesFunctionTool {
  const out: ResponsesFunctionTool = { type: 'function', name };
  if (t.description !== undefined) out.description = t.description;
  out.parameters = t.inputSchema ?? { type: 'object', properties: {} };
  // The Responses API defaults strict to true, which rejects most hand-written schemas.
  out.strict = t.strict ?? false;
  return out;
}

function encodeTools(tools: readonly CanonicalTool[], book: NamespaceBook): ResponsesTool[] {
  const out: ResponsesTool[] = [];
  const groups = new Map<string, Json & { tools: ResponsesTool[] }>();
  for (const t of tools) {
    if (t.kind === 'raw') {
      if (t.format === 'responses') out.push(t.value as ResponsesTool);
      continue;
    }
    if (t.namespace === undefined) {
      out.push(functionTool(t, t.name));
      continue;
    }
    let group = groups.get(t.namespace.name);
    if (group === undefined) {
      group = { type: 'namespace', name: t.namespace.name, tools: [] };
      if (t.namespace.description !== undefined) group.description = t.namespace.description;
      groups.set(t.namespace.name, group);
      out.push(group as unknown as ResponsesTool);
    }
    group.tools.push(functionTool(t, splitName(book, t.name).name));
  }
  return out;
}

function encodeToolChoice(c: CanonicalRequest['toolChoice'], book: NamespaceBook): ResponsesToolChoice | undefined {
  if (c?.type !== 'tool') return modeOfToolChoice(c);
  const { name, namespace } = splitName(book, c.name);
  return namespace === undefined ? { type: 'function', name } : { type: 'function', name, namespace };
}

function encodeFormat(rf: NonNullable<CanonicalRequest['responseFormat']>): ResponsesTextFormat {
  if (rf.type !== 'json_schema') return { type: rf.type };
  const out: ResponsesTextFormat = { type: 'json_schema', name: rf.name ?? 'response' };
  if (rf.description !== undefined) out.description = rf.description;
  if (rf.schema !== undefined) out.schema = rf.schema;
  if (rf.strict !== undefined) out.strict = rf.strict;
  return out;
}

export function encodeResponsesRequest(c: CanonicalRequest, opts: ResponsesRequestOptions = {}): ResponsesRequest {
  const book = namespaceBook(c.tools);
  const { reasoning: extraReasoning, text: extraText, tool_choice: extraChoice, ...extras } = c.extras?.responses ?? {};
  const input: ResponsesItem[] = [];
  for (const m of c.messages) input.push(...items(m, book));
  const out: ResponsesRequest = { ...extras, model: opts.model ?? c.model, input };
  if (c.system !== undefined && c.system.length > 0) out.instructions = c.system.map((b: TextBlock) => b.text).join('\n');
  if (c.maxTokens !== undefined) out.max_output_tokens = c.maxTokens;
  if (c.temperature !== undefined) out.temperature = c.temperature;
  if (c.topP !== undefined) out.top_p = c.topP;
  if (c.stream !== undefined) out.stream = c.stream;
  const tools = encodeTools(c.tools ?? [], book);
  if (tools.length > 0 || c.tools !== undefined) out.tools = tools;
  const choice = extraChoice ?? encodeToolChoice(c.toolChoice, book);
  if (choice !== undefined) out.tool_choice = choice as ResponsesToolChoice;
  if (c.parallelToolCalls !== undefined) out.parallel_tool_calls = c.parallelToolCalls;
  const effort = c.effort ?? effortFromThinking(c.thinking);
  const reasoning: Json = { ...((extraReasoning as Json | undefined) ?? {}) };
  if (effort !== undefined && opts.reasoning !== false) reasoning.effort = effort;
  if (Object.keys(reasoning).length > 0) out.reasoning = reasoning;
  const text: Json = { ...((extraText as Json | undefined) ?? {}) };
  if (c.responseFormat !== undefined) text.format = encodeFormat(c.responseFormat);
  if (Object.keys(text).length > 0) out.text = text;
  if (c.userId !== undefined && out.user === undefined && out.safety_identifier === undefined && c.userId.length <= 64) out.user = c.userId;
  // Nothing the router relays should be kept at the provider unless the client asked for it.
  if (out.store === undefined) out.store = false;
  return out;
}
