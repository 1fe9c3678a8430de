// Anthropic Messages request -> canonical request. Tool ids the router made safe on an earlier
// turn (tool-ids.ts) are restored to the upstream's originals here.
import type {
  CanonicalBlock,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  DocumentBlock,
  ImageBlock,
  Json,
  MediaSource,
  TextBlock,
  ToolChoice,
  ToolResultBlock,
  ToolUseBlock,
} from '../canonical.js';
import { fromAnthropicToolId } from '../tool-ids.js';
import type { AnthropicBlock, AnthropicRequest, AnthropicSource, AnthropicTextBlock, AnthropicTool } from './types.js';
import { isObj, type Obj } from '../json-object.js';

const mapped = new Set([
  'model',
  'messages',
  'system',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'cache_control',
]);

function sourceOf(s: AnthropicSource): MediaSource | undefined {
  switch (s.type) {
    case 'base64':
      return { kind: 'base64', mediaType: s.media_type, data: s.data };
    case 'url':
      return { kind: 'url', url: s.url };
    case 'file':
      return { kind: 'file', fileId: s.file_id };
    case 'text':
      return { kind: 'text', mediaType: s.media_type, data: s.data };
    default:
      return undefined;
  }
}

function withCache<T extends { cacheControl?: Json }>(target: T, b: Obj): T {
  if (isObj(b.cache_control)) target.cacheControl = b.cache_control;
  return target;
}

export function textBlockOf(b: AnthropicTextBlock): TextBlock {
  const t = withCache<TextBlock>({ type: 'text', text: b.text }, b);
  if (b.citations !== undefined && b.citations !== null) t.citations = b.citations;
  return t;
}

export function blockOf(b: AnthropicBlock): CanonicalBlock {
  const raw: CanonicalBlock = { type: 'raw', format: 'anthropic', value: b };
  switch (b.type) {
    case 'text':
      return textBlockOf(b as AnthropicTextBlock);
    case 'image': {
      const source = sourceOf(b.source as AnthropicSource);
      return source === undefined ? raw : withCache<ImageBlock>({ type: 'image', source }, b);
    }
    case 'document': {
      const source = sourceOf(b.source as AnthropicSource);
      if (source === undefined) return raw;
      const d = withCache<DocumentBlock>({ type: 'document', source }, b);
      if (typeof b.title === 'string') d.title = b.title;
      if (typeof b.context === 'string') d.context = b.context;
      if (b.citations !== undefined && b.citations !== null) d.citations = b.citations;
      return d;
    }
    case 'tool_use':
      return withCache<ToolUseBlock>(
        { type: 'tool_use', id: fromAnthropicToolId(String(b.id)), name: String(b.name), input: isObj(b.input) ? b.input : {} },
        b,
      );
    case 'tool_result': {
      const content = Array.isArray(b.content)
        ? (b.content as AnthropicBlock[]).map(blockOf)
        : typeof b.content === 'string'
          ? b.content
          : '';
      const r = withCache<ToolResultBlock>({ type: 'tool_result', toolUseId: fromAnthropicToolId(String(b.tool_use_id)), content }, b);
      if (b.is_error === true) r.isError = true;
      return r;
    }
    case 'thinking':
      return { type: 'thinking', thinking: String(b.thinking ?? ''), signature: String(b.signature ?? '') };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: String(b.data ?? '') };
    default:
      return raw;
  }
}

function toolOf(t: AnthropicTool): CanonicalTool {
  const custom = t.type === undefined || t.type === 'custom';
  if (!custom || t.input_schema === undefined) return { kind: 'raw', format: 'anthropic', value: t };
  const { name, description, input_schema, cache_control, strict, ...rest } = t;
  const tool: CanonicalTool = { kind: 'function', name, inputSchema: input_schema };
  if (description !== undefined) tool.description = description;
  if (typeof strict === 'boolean') tool.strict = strict;
  if (isObj(cache_control)) tool.cacheControl = cache_control;
  if (Object.keys(rest).length > 0) tool.anthropicExtra = rest;
  return tool;
}

export function decodeAnthropicRequest(req: AnthropicRequest): CanonicalRequest {
  const messages: CanonicalMessage[] = req.messages.map((m) => {
    const msg: CanonicalMessage = {
      role: m.role,
      content: typeof m.content === 'string' ? (m.content === '' ? [] : [{ type: 'text', text: m.content }]) : m.content.map(blockOf),
    };
    if (typeof m.content === 'string') msg.asString = true;
    return msg;
  });
  const c: CanonicalRequest = { model: req.model, messages };
  if (typeof req.system === 'string') {
    c.system = req.system === '' ? [] : [{ type: 'text', text: req.system }];
    c.systemAsString = true;
  } else if (Array.isArray(req.system)) c.system = req.system.map(textBlockOf);
  if (typeof req.max_tokens === 'number') c.maxTokens = req.max_tokens;
  if (typeof req.temperature === 'number') c.temperature = req.temperature;
  if (typeof req.top_p === 'number') c.topP = req.top_p;
  if (typeof req.top_k === 'number') c.topK = req.top_k;
  if (Array.isArray(req.stop_sequences)) c.stopSequences = req.stop_sequences;
  if (typeof req.stream === 'boolean') c.stream = req.stream;
  if (Array.isArray(req.tools)) c.tools = req.tools.map(toolOf);
  const tc = req.tool_choice;
  if (tc !== undefined) {
    c.toolChoice = (tc.type === 'tool' ? { type: 'tool', name: tc.name } : { type: tc.type }) as ToolChoice;
    if ('disable_parallel_tool_use' in tc && typeof tc.disable_parallel_tool_use === 'boolean')
      c.parallelToolCalls = !tc.disable_parallel_tool_use;
  }
  if (isObj(req.thinking)) c.thinking = req.thinking;
  const extras: Json = {};
  if (isObj(req.output_config)) {
    const { effort, format, ...rest } = req.output_config;
    if (typeof effort === 'string') c.effort = effort;
    if (isObj(format) && format.type === 'json_schema') c.responseFormat = { type: 'json_schema', schema: format.schema };
    if (Object.keys(rest).length > 0) extras.output_config = rest;
  }
  if (typeof req.metadata?.user_id === 'string') c.userId = req.metadata.user_id;
  if (isObj(req.cache_control)) c.cacheControl = req.cache_control;
  for (const [k, v] of Object.entries(req)) if (!mapped.has(k) && v !== undefined) extras[k] = v;
  if (Object.keys(extras).length > 0) c.extras = { anthropic: extras };
  return c;
}
