// OpenAI chat request <-> canonical request (PROTOCOLS 1.2, 1.3, 3.1, 3.2).
import type {
  CanonicalBlock,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  Json,
  ResponseFormat,
  ToolChoice,
  ToolResultBlock,
} from '../canonical.js';
import { sourceFromUrl } from '../media.js';
import { argumentsToInput } from '../tool-arguments.js';
import { toolChoiceOfMode } from './tool-choice-mode.js';
import type { OpenAiChatRequest, OpenAiContentPart, OpenAiMessage, OpenAiTool, OpenAiToolChoice } from './types.js';

const mapped = new Set([
  'model',
  'messages',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'stream',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning_effort',
  'response_format',
  'n',
]);

function partToBlock(p: OpenAiContentPart): CanonicalBlock | undefined {
  switch (p.type) {
    case 'text':
      return p.text === '' ? undefined : { type: 'text', text: p.text };
    case 'refusal':
      return p.refusal === '' ? undefined : { type: 'text', text: p.refusal, refusal: true };
    case 'image_url': {
      const b: CanonicalBlock = { type: 'image', source: sourceFromUrl(p.image_url.url) };
      if (p.image_url.detail !== undefined) b.detail = p.image_url.detail;
      return b;
    }
    case 'input_audio':
      return { type: 'audio', data: p.input_audio.data, format: p.input_audio.format };
    case 'file': {
      const f = p.file;
      const source = f.file_data !== undefined ? sourceFromUrl(f.file_data) : { kind: 'file' as const, fileId: f.file_id ?? '' };
      if (source.kind === 'url') return { type: 'raw', format: 'openai', value: p };
      const b: CanonicalBlock = { type: 'document', source };
      if (f.filename !== undefined) b.filename = f.filename;
      return b;
    }
    default:
      return { type: 'raw', format: 'openai', value: p as Json };
  }
}

function contentToBlocks(content: OpenAiMessage['content']): CanonicalBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  const out: CanonicalBlock[] = [];
  for (const p of content) {
    const b = partToBlock(p);
    if (b !== undefined) out.push(b);
  }
  return out;
}

function assistantBlocks(m: OpenAiMessage): CanonicalBlock[] {
  const out: CanonicalBlock[] = [];
  if (typeof m.reasoning_content === 'string' && m.reasoning_content !== '') out.push({ type: 'thinking', thinking: m.reasoning_content });
  out.push(...contentToBlocks(m.content));
  if (typeof m.refusal === 'string' && m.refusal !== '') out.push({ type: 'text', text: m.refusal, refusal: true });
  for (const tc of m.tool_calls ?? []) {
    const b: CanonicalBlock = {
      type: 'tool_use',
      id: tc.id,
      name: tc.function.name,
      input: argumentsToInput(tc.function.arguments),
      arguments: tc.function.arguments,
    };
    const sig = thoughtSignatureOf(tc);
    if (sig !== undefined) b.thoughtSignature = sig;
    out.push(b);
  }
  return out;
}

/** Gemini's OpenAI-compatible endpoint carries the thought signature here (PROTOCOLS 6.2). */
export function thoughtSignatureOf(tc: unknown): string | undefined {
  const sig = (tc as { extra_content?: { google?: { thought_signature?: unknown } } } | null)?.extra_content?.google?.thought_signature;
  return typeof sig === 'string' ? sig : undefined;
}

function toolResult(m: OpenAiMessage): ToolResultBlock {
  const content = typeof m.content === 'string' ? m.content : contentToBlocks(m.content);
  return { type: 'tool_result', toolUseId: m.tool_call_id ?? '', content };
}

function decodeMessages(messages: OpenAiMessage[]): CanonicalMessage[] {
  const out: CanonicalMessage[] = [];
  for (const m of messages) {
    if (m.role === 'tool') {
      const prev = out[out.length - 1];
      // Consecutive tool messages are one Anthropic user turn of tool_result blocks.
      if (prev !== undefined && prev.role === 'user' && prev.content.length > 0 && prev.content.every((b) => b.type === 'tool_result'))
        prev.content.push(toolResult(m));
      else out.push({ role: 'user', content: [toolResult(m)] });
      continue;
    }
    const role = m.role === 'assistant' ? 'assistant' : m.role === 'user' ? 'user' : 'system';
    const msg: CanonicalMessage = { role, content: role === 'assistant' ? assistantBlocks(m) : contentToBlocks(m.content) };
    if (m.role === 'developer') msg.developer = true;
    if (typeof m.content === 'string') msg.asString = true;
    if (typeof m.name === 'string') msg.name = m.name;
    out.push(msg);
  }
  return out;
}

function decodeTool(t: OpenAiTool): CanonicalTool {
  if (t.type !== 'function') return { kind: 'raw', format: 'openai', value: t as Json };
  const tool: CanonicalTool = { kind: 'function', name: t.function.name };
  if (t.function.description !== undefined) tool.description = t.function.description;
  if (t.function.parameters !== undefined && t.function.parameters !== null) tool.inputSchema = t.function.parameters;
  if (typeof t.function.strict === 'boolean') tool.strict = t.function.strict;
  return tool;
}

function decodeToolChoice(tc: OpenAiToolChoice | undefined): { choice?: ToolChoice; allowed?: Set<string> } {
  if (tc === undefined || tc === null) return {};
  const choice = toolChoiceOfMode(tc);
  if (choice !== undefined) return { choice };
  if (typeof tc === 'string') return {};
  if (tc.type === 'function') return { choice: { type: 'tool', name: tc.function.name } };
  if (tc.type === 'custom') return { choice: { type: 'tool', name: tc.custom.name } };
  const names = new Set<string>();
  for (const t of tc.allowed_tools.tools) {
    const fn = (t as { function?: { name?: unknown } }).function;
    if (typeof fn?.name === 'string') names.add(fn.name);
  }
  return { choice: { type: tc.allowed_tools.mode === 'required' ? 'any' : 'auto' }, allowed: names };
}

function decodeResponseFormat(rf: OpenAiChatRequest['response_format']): ResponseFormat | undefined {
  if (rf === undefined || rf === null) return undefined;
  if (rf.type !== 'json_schema') return { type: rf.type };
  const out: ResponseFormat = { type: 'json_schema', name: rf.json_schema.name };
  if (rf.json_schema.description !== undefined) out.description = rf.json_schema.description;
  if (rf.json_schema.schema !== undefined) out.schema = rf.json_schema.schema;
  if (typeof rf.json_schema.strict === 'boolean') out.strict = rf.json_schema.strict;
  return out;
}

export function decodeOpenAiRequest(req: OpenAiChatRequest): CanonicalRequest {
  const c: CanonicalRequest = { model: req.model, messages: decodeMessages(req.messages) };
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (typeof max === 'number') {
    c.maxTokens = max;
    c.maxTokensField = typeof req.max_completion_tokens === 'number' ? 'max_completion_tokens' : 'max_tokens';
  }
  if (typeof req.temperature === 'number') c.temperature = req.temperature;
  if (typeof req.top_p === 'number') c.topP = req.top_p;
  if (typeof req.top_k === 'number') c.topK = req.top_k;
  if (typeof req.stop === 'string') c.stopSequences = [req.stop];
  else if (Array.isArray(req.stop)) c.stopSequences = req.stop;
  if (typeof req.stream === 'boolean') c.stream = req.stream;
  const { choice, allowed } = decodeToolChoice(req.tool_choice);
  if (req.tools !== undefined) {
    const tools = req.tools.map(decodeTool);
    c.tools = allowed === undefined ? tools : tools.filter((t) => t.kind !== 'function' || allowed.has(t.name));
  }
  if (choice !== undefined) c.toolChoice = choice;
  if (typeof req.parallel_tool_calls === 'boolean') c.parallelToolCalls = req.parallel_tool_calls;
  if (typeof req.reasoning_effort === 'string') c.effort = req.reasoning_effort;
  const rf = decodeResponseFormat(req.response_format);
  if (rf !== undefined) c.responseFormat = rf;
  if (typeof req.n === 'number') c.n = req.n;
  const userId = req.safety_identifier ?? req.user;
  if (typeof userId === 'string') c.userId = userId;
  const extras: Json = {};
  for (const [k, v] of Object.entries(req)) if (!mapped.has(k) && v !== undefined) extras[k] = v;
  if (Object.keys(extras).length > 0) c.extras = { openai: extras };
  return c;
}
