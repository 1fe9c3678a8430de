// Canonical request -> OpenAI chat request, for OpenAI and OpenAI-compatible upstreams
// (PROTOCOLS 3.2). Thinking is dropped unless the upstream wants reasoning_content back; tool
// results become `tool` messages placed before the user text of the same turn.
import type { CanonicalBlock, CanonicalMessage, CanonicalRequest, CanonicalTool, TextBlock, ToolResultBlock } from '../canonical.js';
import { sourceToUrl } from '../media.js';
import { fnv1a64Hex } from '../stable-hash.js';
import { inputToArguments } from '../tool-arguments.js';
import { fitForReasoningModel } from './reasoning-models.js';
import { modeOfToolChoice } from './tool-choice-mode.js';
import type { OpenAiChatRequest, OpenAiContentPart, OpenAiMessage, OpenAiTool, OpenAiToolCall, OpenAiToolChoice } from './types.js';

export interface OpenAiRequestOptions {
  /** Upstream model name (defaults to the canonical model). */
  model?: string;
  /** 'system' for upstreams that do not know the developer role (older Ollama, vLLM). */
  developerRole?: 'keep' | 'system';
  /** Ask for the final usage chunk (stream_options.include_usage); off for servers that reject stream_options. */
  streamUsage?: boolean;
  /** Send reasoning_effort (off for models that reject it). Default true. */
  reasoning?: boolean;
  /** Echo thinking as reasoning_content on assistant turns (DeepSeek thinking mode needs it). */
  reasoningContent?: boolean;
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** An OpenAI reasoning model (reasoning-models.ts): max_completion_tokens, and no temperature/top_p (only the defaults are accepted). */
  reasoningModel?: boolean;
}

const textOf = (blocks: readonly CanonicalBlock[]): string =>
  blocks
    .filter((b): b is TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('\n');

function partOf(b: CanonicalBlock): OpenAiContentPart | undefined {
  switch (b.type) {
    case 'text':
      return b.text === '' ? undefined : { type: 'text', text: b.text };
    case 'image': {
      const image_url: { url: string; detail?: 'auto' | 'low' | 'high' } = { url: sourceToUrl(b.source) };
      if (b.detail === 'auto' || b.detail === 'low' || b.detail === 'high') image_url.detail = b.detail;
      return { type: 'image_url', image_url };
    }
    case 'document': {
      if (b.source.kind === 'text') return { type: 'text', text: b.source.data };
      if (b.source.kind === 'url') return { type: 'text', text: b.title === undefined ? b.source.url : `${b.title}: ${b.source.url}` };
      const file: { file_data?: string; file_id?: string; filename?: string } =
        b.source.kind === 'file' ? { file_id: b.source.fileId } : { file_data: sourceToUrl(b.source) };
      const filename = b.filename ?? b.title;
      if (filename !== undefined) file.filename = filename;
      return { type: 'file', file };
    }
    case 'audio':
      return { type: 'input_audio', input_audio: { data: b.data, format: b.format } };
    case 'raw':
      return b.format === 'openai' ? (b.value as unknown as OpenAiContentPart) : undefined;
    default:
      return undefined;
  }
}

function toolMessage(r: ToolResultBlock, images: OpenAiContentPart[]): OpenAiMessage {
  let text: string;
  if (typeof r.content === 'string') text = r.content;
  else {
    text = textOf(r.content);
    // Tool messages are text-only: images in a result travel in the user message that follows.
    for (const b of r.content) if (b.type === 'image') images.push(partOf(b) as OpenAiContentPart);
  }
  return { role: 'tool', tool_call_id: r.toolUseId, content: r.isError === true ? `Error: ${text}` : text };
}

function userMessages(m: CanonicalMessage): OpenAiMessage[] {
  const out: OpenAiMessage[] = [];
  const images: OpenAiContentPart[] = [];
  const rest: CanonicalBlock[] = [];
  for (const b of m.content) {
    if (b.type === 'tool_result') out.push(toolMessage(b, images));
    else rest.push(b);
  }
  const parts = [...images];
  for (const b of rest) {
    const p = partOf(b);
    if (p !== undefined) parts.push(p);
  }
  if (parts.length === 0 && out.length > 0) return out;
  const allText = parts.every((p) => p.type === 'text');
  const msg: OpenAiMessage = {
    role: 'user',
    content: allText && (m.asString === true || parts.length <= 1) ? parts.map((p) => (p as { text: string }).text).join('\n') : parts,
  };
  if (m.name !== undefined) msg.name = m.name;
  out.push(msg);
  return out;
}

function assistantMessage(m: CanonicalMessage, opts: OpenAiRequestOptions): OpenAiMessage {
  const text = m.content.filter((b): b is TextBlock => b.type === 'text' && b.refusal !== true && b.text !== '');
  const refusal = m.content.filter((b): b is TextBlock => b.type === 'text' && b.refusal === true);
  const msg: OpenAiMessage = { role: 'assistant', content: text.length === 0 ? null : text.map((b) => b.text).join('\n') };
  if (refusal.length > 0) msg.refusal = refusal.map((b) => b.text).join('\n');
  const calls = m.content.flatMap((b): OpenAiToolCall[] => {
    if (b.type !== 'tool_use') return [];
    const call: OpenAiToolCall = {
      id: b.id,
      type: 'function',
      function: { name: b.name, arguments: b.arguments ?? inputToArguments(b.input) },
    };
    if (b.thoughtSignature !== undefined) call.extra_content = { google: { thought_signature: b.thoughtSignature } };
    return [call];
  });
  if (calls.length > 0) msg.tool_calls = calls;
  if (opts.reasoningContent === true) {
    const thinking = m.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : []));
    if (thinking.length > 0) msg.reasoning_content = thinking.join('\n');
  }
  if (m.name !== undefined) msg.name = m.name;
  return msg;
}

function systemMessage(m: CanonicalMessage, opts: OpenAiRequestOptions): OpenAiMessage {
  const role = m.developer === true && opts.developerRole !== 'system' ? 'developer' : 'system';
  const texts = m.content.filter((b): b is TextBlock => b.type === 'text');
  const msg: OpenAiMessage = {
    role,
    content: m.asString === true || texts.length <= 1 ? textOf(texts) : texts.map((b) => ({ type: 'text' as const, text: b.text })),
  };
  if (m.name !== undefined) msg.name = m.name;
  return msg;
}

function encodeTool(t: CanonicalTool): OpenAiTool | undefined {
  if (t.kind === 'raw') return t.format === 'openai' ? (t.value as unknown as OpenAiTool) : undefined;
  const fn: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean } = { name: t.name };
  if (t.description !== undefined) fn.description = t.description;
  if (t.inputSchema !== undefined) fn.parameters = t.inputSchema;
  if (t.strict !== undefined) fn.strict = t.strict;
  return { type: 'function', function: fn };
}

function encodeToolChoice(c: CanonicalRequest['toolChoice']): OpenAiToolChoice | undefined {
  return c?.type === 'tool' ? { type: 'function', function: { name: c.name } } : modeOfToolChoice(c);
}

/** Budget buckets for Anthropic thinking -> reasoning_effort (PROTOCOLS 3.1: low ~1-4k, medium 8-10k, high 16k+). */
export function effortFromThinking(thinking: Record<string, unknown> | undefined): string | undefined {
  if (thinking?.type !== 'enabled' || typeof thinking.budget_tokens !== 'number') return undefined;
  if (thinking.budget_tokens <= 4096) return 'low';
  if (thinking.budget_tokens <= 12288) return 'medium';
  return 'high';
}

export function encodeOpenAiRequest(c: CanonicalRequest, opts: OpenAiRequestOptions = {}): OpenAiChatRequest {
  const messages: OpenAiMessage[] = [];
  if (c.system !== undefined && c.system.length > 0) messages.push({ role: 'system', content: textOf(c.system) });
  for (const m of c.messages) {
    if (m.role === 'system') messages.push(systemMessage(m, opts));
    else if (m.role === 'assistant') messages.push(assistantMessage(m, opts));
    else messages.push(...userMessages(m));
  }
  const extras = c.extras?.openai;
  // A plain literal unless the client's own fields ride along: V8 (Node 20) adds a key to a spread
  // copy through a slow runtime path (~0.5 us), and every field below is an added key.
  const out: OpenAiChatRequest = extras
    ? { ...extras, model: opts.model ?? c.model, messages }
    : { model: opts.model ?? c.model, messages };
  if (c.maxTokens !== undefined) out[opts.maxTokensField ?? c.maxTokensField ?? 'max_tokens'] = c.maxTokens;
  if (c.temperature !== undefined) out.temperature = c.temperature;
  if (c.topP !== undefined) out.top_p = c.topP;
  if (c.stopSequences !== undefined) {
    const stop = c.stopSequences.filter((s) => s !== '').slice(0, 4);
    if (stop.length > 0) out.stop = stop;
  }
  if (c.stream === true) {
    out.stream = true;
    if (opts.streamUsage === true) out.stream_options = { ...(out.stream_options ?? {}), include_usage: true };
  } else {
    if (c.stream === false) out.stream = false;
    // Only when there is one: a delete turns the object into a slow dictionary.
    if (out.stream_options !== undefined) delete out.stream_options;
  }
  const tools = (c.tools ?? []).map(encodeTool).filter((t): t is OpenAiTool => t !== undefined);
  if (tools.length > 0) {
    out.tools = tools;
    const choice = encodeToolChoice(c.toolChoice);
    if (choice !== undefined) out.tool_choice = choice;
    if (c.parallelToolCalls !== undefined) out.parallel_tool_calls = c.parallelToolCalls;
  }
  const effort = c.effort ?? effortFromThinking(c.thinking);
  if (effort !== undefined && opts.reasoning !== false) out.reasoning_effort = effort;
  const rf = c.responseFormat;
  if (rf !== undefined) {
    if (rf.type !== 'json_schema') out.response_format = { type: rf.type };
    else {
      const js: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean } = {
        name: rf.name ?? 'response',
      };
      if (rf.description !== undefined) js.description = rf.description;
      if (rf.schema !== undefined) js.schema = rf.schema;
      if (rf.strict !== undefined) js.strict = rf.strict;
      out.response_format = { type: 'json_schema', json_schema: js };
    }
  }
  if (c.n !== undefined) out.n = c.n;
  if (c.userId !== undefined && out.user === undefined && out.safety_identifier === undefined) out.user = openAiUser(c.userId);
  return opts.reasoningModel === true ? fitForReasoningModel(out) : out;
}

/** OpenAI caps `user` at 64 characters and Claude Code's user_id is ~160: a long id is hashed, so one end user stays one. */
export function openAiUser(userId: string): string {
  return userId.length <= 64 ? userId : `uid-${fnv1a64Hex(userId)}`;
}
