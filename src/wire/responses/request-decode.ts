// Responses request -> canonical request (PROTOCOLS 8). Items become turns: developer/system
// messages system turns, function_call items tool_use blocks of the assistant turn they follow,
// function_call_output items tool_result blocks of one user turn (paired by call_id), reasoning
// items thinking or raw blocks (see reasoning.ts). Namespace groups flatten to functions; hosted
// tools stay raw, for Responses upstreams only.
import type {
  CanonicalBlock,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  FunctionTool,
  Json,
  ResponseFormat,
  ToolChoice,
} from '../canonical.js';
import { isObj } from '../json-object.js';
import { sourceFromUrl } from '../media.js';
import { argumentsToInput } from '../tool-arguments.js';
import { toolChoiceOfMode } from '../openai/tool-choice-mode.js';
import { reasoningToBlock } from './reasoning.js';
import { flatName } from './tool-names.js';
import type {
  ResponsesContentPart,
  ResponsesFunctionCallItem,
  ResponsesFunctionCallOutputItem,
  ResponsesFunctionTool,
  ResponsesItem,
  ResponsesMessageItem,
  ResponsesReasoningItem,
  ResponsesRequest,
  ResponsesTextFormat,
  ResponsesTool,
  ResponsesToolChoice,
} from './types.js';

const mapped = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'stream',
  'reasoning',
  'text',
  'user',
  'safety_identifier',
]);

function partToBlock(p: ResponsesContentPart): CanonicalBlock | undefined {
  switch (p.type) {
    case 'input_text':
    case 'output_text':
      return p.text === '' ? undefined : { type: 'text', text: String(p.text) };
    case 'refusal':
      return p.refusal === '' ? undefined : { type: 'text', text: String(p.refusal), refusal: true };
    case 'input_image': {
      const url = typeof p.image_url === 'string' ? p.image_url : undefined;
      if (url === undefined) return { type: 'raw', format: 'responses', value: p as Json };
      const b: CanonicalBlock = { type: 'image', source: sourceFromUrl(url) };
      if (typeof p.detail === 'string') b.detail = p.detail;
      return b;
    }
    case 'input_file': {
      const source =
        typeof p.file_data === 'string'
          ? sourceFromUrl(p.file_data)
          : typeof p.file_id === 'string'
            ? { kind: 'file' as const, fileId: p.file_id }
            : undefined;
      if (source === undefined || source.kind === 'url') return { type: 'raw', format: 'responses', value: p as Json };
      const b: CanonicalBlock = { type: 'document', source };
      if (typeof p.filename === 'string') b.filename = p.filename;
      return b;
    }
    default:
      return { type: 'raw', format: 'responses', value: p as Json };
  }
}

function contentBlocks(content: string | ResponsesContentPart[]): CanonicalBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const out: CanonicalBlock[] = [];
  for (const p of content) {
    const b = partToBlock(p);
    if (b !== undefined) out.push(b);
  }
  return out;
}

const isMessage = (item: ResponsesItem): item is ResponsesMessageItem =>
  (item.type === undefined || item.type === 'message') && typeof (item as Json).role === 'string';

/** The assistant turn a call or reasoning item belongs to: the open one, or a new one. */
function assistantTurn(out: CanonicalMessage[]): CanonicalMessage {
  const prev = out[out.length - 1];
  if (prev !== undefined && prev.role === 'assistant') return prev;
  const m: CanonicalMessage = { role: 'assistant', content: [] };
  out.push(m);
  return m;
}

function toolResult(item: ResponsesFunctionCallOutputItem): CanonicalBlock {
  const content = typeof item.output === 'string' ? item.output : contentBlocks(item.output);
  return { type: 'tool_result', toolUseId: item.call_id, content };
}

function decodeItems(input: ResponsesRequest['input']): CanonicalMessage[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [{ role: 'user', content: input === '' ? [] : [{ type: 'text', text: input }], asString: true }];
  const out: CanonicalMessage[] = [];
  for (const item of input) {
    if (isMessage(item)) {
      const role = item.role === 'assistant' ? 'assistant' : item.role === 'user' ? 'user' : 'system';
      const msg: CanonicalMessage = { role, content: contentBlocks(item.content) };
      if (item.role === 'developer') msg.developer = true;
      if (typeof item.content === 'string') msg.asString = true;
      const prev = out[out.length - 1];
      // An assistant message after its own reasoning item is the same turn.
      if (
        role === 'assistant' &&
        prev?.role === 'assistant' &&
        prev.content.every((b): boolean => b.type !== 'text' && b.type !== 'tool_use')
      )
        prev.content.push(...msg.content);
      else out.push(msg);
      continue;
    }
    switch (item.type) {
      case 'function_call': {
        const fc = item as ResponsesFunctionCallItem;
        const name = typeof fc.namespace === 'string' && fc.namespace !== '' ? flatName(fc.namespace, fc.name) : fc.name;
        assistantTurn(out).content.push({
          type: 'tool_use',
          id: fc.call_id,
          name,
          input: argumentsToInput(fc.arguments),
          arguments: fc.arguments,
        });
        break;
      }
      case 'function_call_output': {
        const prev = out[out.length - 1];
        const block = toolResult(item as ResponsesFunctionCallOutputItem);
        // Outputs in a row answer one assistant turn: one user turn of tool_result blocks.
        if (
          prev !== undefined &&
          prev.role === 'user' &&
          prev.content.length > 0 &&
          prev.content.every((b): boolean => b.type === 'tool_result')
        )
          prev.content.push(block);
        else out.push({ role: 'user', content: [block] });
        break;
      }
      case 'reasoning':
        assistantTurn(out).content.push(reasoningToBlock(item as ResponsesReasoningItem));
        break;
      default:
        // item_reference, web_search_call, …: meaningful to a Responses upstream only.
        assistantTurn(out).content.push({ type: 'raw', format: 'responses', value: item as Json });
    }
  }
  return out;
}

function functionTool(t: ResponsesFunctionTool, namespace?: { name: string; description?: string }): FunctionTool {
  const tool: FunctionTool = { kind: 'function', name: namespace === undefined ? t.name : flatName(namespace.name, t.name) };
  if (typeof t.description === 'string') tool.description = t.description;
  if (isObj(t.parameters)) tool.inputSchema = t.parameters;
  if (typeof t.strict === 'boolean') tool.strict = t.strict;
  if (namespace !== undefined) tool.namespace = namespace;
  return tool;
}

function decodeTools(tools: ResponsesTool[]): CanonicalTool[] {
  const out: CanonicalTool[] = [];
  for (const t of tools) {
    if (t.type === 'function') out.push(functionTool(t as ResponsesFunctionTool));
    else if (t.type === 'namespace' && Array.isArray(t.tools)) {
      const ns: { name: string; description?: string } = { name: String(t.name) };
      if (typeof t.description === 'string') ns.description = t.description;
      for (const member of t.tools as ResponsesTool[]) {
        if (member.type === 'function') out.push(functionTool(member as ResponsesFunctionTool, ns));
        else out.push({ kind: 'raw', format: 'responses', value: { ...member, namespace: ns.name } });
      }
    } else out.push({ kind: 'raw', format: 'responses', value: t as Json });
  }
  return out;
}

function decodeToolChoice(tc: ResponsesToolChoice | undefined): { choice?: ToolChoice; allowed?: Set<string> } {
  if (tc === undefined || tc === null) return {};
  const choice = toolChoiceOfMode(tc);
  if (choice !== undefined) return { choice };
  if (typeof tc === 'string') return {};
  if (tc.type === 'function' && typeof tc.name === 'string') return { choice: { type: 'tool', name: tc.name } };
  if (tc.type === 'allowed_tools' && Array.isArray(tc.tools)) {
    const names = new Set<string>();
    for (const t of tc.tools) if (isObj(t) && typeof t.name === 'string') names.add(t.name);
    return { choice: { type: tc.mode === 'required' ? 'any' : 'auto' }, allowed: names };
  }
  // A hosted tool forced (web_search…): the others can only be told to use tools.
  return { choice: { type: 'auto' } };
}

function decodeFormat(f: ResponsesTextFormat | undefined): ResponseFormat | undefined {
  if (!isObj(f)) return undefined;
  if (f.type !== 'json_schema') return f.type === 'json_object' ? { type: 'json_object' } : { type: 'text' };
  const out: ResponseFormat = { type: 'json_schema' };
  if (typeof f.name === 'string') out.name = f.name;
  if (typeof f.description === 'string') out.description = f.description;
  if (isObj(f.schema)) out.schema = f.schema;
  if (typeof f.strict === 'boolean') out.strict = f.strict;
  return out;
}

export function decodeResponsesRequest(req: ResponsesRequest): CanonicalRequest {
  const messages = decodeItems(req.input);
  const c: CanonicalRequest = { model: req.model, messages };
  if (typeof req.instructions === 'string' && req.instructions !== '') c.system = [{ type: 'text', text: req.instructions }];
  if (typeof req.max_output_tokens === 'number') c.maxTokens = req.max_output_tokens;
  if (typeof req.temperature === 'number') c.temperature = req.temperature;
  if (typeof req.top_p === 'number') c.topP = req.top_p;
  if (typeof req.stream === 'boolean') c.stream = req.stream;
  const { choice, allowed } = decodeToolChoice(req.tool_choice);
  if (Array.isArray(req.tools)) {
    const tools = decodeTools(req.tools);
    c.tools = allowed === undefined ? tools : tools.filter((t) => t.kind !== 'function' || allowed.has(t.name));
  }
  if (choice !== undefined) c.toolChoice = choice;
  if (typeof req.parallel_tool_calls === 'boolean') c.parallelToolCalls = req.parallel_tool_calls;
  const extras: Json = {};
  if (isObj(req.reasoning)) {
    const { effort, ...rest } = req.reasoning;
    if (typeof effort === 'string') c.effort = effort;
    if (Object.keys(rest).length > 0) extras.reasoning = rest;
  }
  if (isObj(req.text)) {
    const { format, ...rest } = req.text;
    const rf = decodeFormat(format);
    if (rf !== undefined) c.responseFormat = rf;
    if (Object.keys(rest).length > 0) extras.text = rest;
  }
  const userId = req.safety_identifier ?? req.user;
  if (typeof userId === 'string') c.userId = userId;
  for (const [k, v] of Object.entries(req)) if (!mapped.has(k) && v !== undefined) extras[k] = v;
  if (typeof req.tool_choice === 'object' && req.tool_choice !== null && !['function', 'allowed_tools'].includes(req.tool_choice.type))
    extras.tool_choice = req.tool_choice;
  if (Object.keys(extras).length > 0) c.extras = { responses: extras };
  return c;
}
