// Canonical request -> Anthropic Messages request (PROTOCOLS 3.1, 2.3-2.5). Enforces what the
// API rejects: no empty text blocks, tool_use.input an object, safe tool ids, tool results first
// in the user turn right after the calls, max_tokens present and above the thinking budget.
import type { CanonicalBlock, CanonicalMessage, CanonicalRequest, CanonicalTool, Json, MediaSource, TextBlock } from '../canonical.js';
import { WireError } from '../wire-error.js';
import { toAnthropicToolId } from '../tool-ids.js';
import type { AnthropicBlock, AnthropicMessage, AnthropicRequest, AnthropicSource, AnthropicTextBlock, AnthropicTool } from './types.js';

export interface AnthropicRequestOptions {
  model?: string;
  /** max_tokens when the client gave none (Anthropic requires it). Default 4096. */
  defaultMaxTokens?: number;
  /** The model's output limit: max_tokens is clamped to it. */
  maxTokensCap?: number;
  /** System messages after the start: hoisted into `system` (default) or kept in place (API 2026-10-21). */
  midSystem?: 'hoist' | 'keep';
  /** How an OpenAI reasoning_effort is expressed: a thinking budget (default) or output_config.effort. */
  effortAs?: 'thinking' | 'output_config';
}

const effortBudgets: Record<string, number> = { low: 2048, medium: 8192, high: 16384, xhigh: 24576, max: 32000 };

function source(s: MediaSource): AnthropicSource {
  switch (s.kind) {
    case 'base64':
      return { type: 'base64', media_type: s.mediaType, data: s.data };
    case 'url':
      return { type: 'url', url: s.url };
    case 'file':
      return { type: 'file', file_id: s.fileId };
    case 'text':
      return { type: 'text', media_type: s.mediaType, data: s.data };
  }
}

function cached<T extends Json>(out: T, cacheControl: Json | undefined): T {
  if (cacheControl !== undefined) (out as Json).cache_control = cacheControl;
  return out;
}

function textBlock(b: TextBlock): AnthropicTextBlock {
  const out: AnthropicTextBlock = cached({ type: 'text', text: b.text }, b.cacheControl);
  if (b.citations !== undefined) out.citations = b.citations;
  return out;
}

function block(b: CanonicalBlock, at: string): AnthropicBlock | undefined {
  switch (b.type) {
    case 'text':
      return b.text === '' ? undefined : textBlock(b);
    case 'image':
      return cached({ type: 'image', source: source(b.source) }, b.cacheControl);
    case 'document': {
      const d: Json = { type: 'document', source: source(b.source) };
      if (b.title !== undefined) d.title = b.title;
      else if (b.filename !== undefined) d.title = b.filename;
      if (b.context !== undefined) d.context = b.context;
      if (b.citations !== undefined) d.citations = b.citations;
      return cached(d, b.cacheControl) as AnthropicBlock;
    }
    case 'audio':
      throw new WireError('unsupported', `${at}: audio input cannot be sent to this model`, at);
    case 'tool_use':
      return cached({ type: 'tool_use', id: toAnthropicToolId(b.id), name: b.name, input: b.input }, b.cacheControl);
    case 'tool_result': {
      const r: Json = { type: 'tool_result', tool_use_id: toAnthropicToolId(b.toolUseId) };
      if (typeof b.content === 'string') r.content = b.content;
      else r.content = b.content.flatMap((c, i) => block(c, `${at}.content.${i}`) ?? []);
      if (b.isError === true) r.is_error = true;
      return cached(r, b.cacheControl) as AnthropicBlock;
    }
    case 'thinking':
      // Reasoning text from another provider has no valid signature and would be rejected.
      return b.signature === undefined || b.signature === ''
        ? undefined
        : { type: 'thinking', thinking: b.thinking, signature: b.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: b.data };
    case 'raw':
      return b.format === 'anthropic' ? (b.value as AnthropicBlock) : undefined;
  }
}

function content(m: CanonicalMessage, i: number): string | AnthropicBlock[] {
  const blocks = m.content.flatMap((b, j) => block(b, `messages.${i}.content.${j}`) ?? []);
  const only = blocks[0];
  if (
    m.asString === true &&
    blocks.length === 1 &&
    only?.type === 'text' &&
    only.cache_control === undefined &&
    only.citations === undefined
  )
    return only.text as string;
  return blocks;
}

function tool(t: CanonicalTool): AnthropicTool | undefined {
  if (t.kind === 'raw') return t.format === 'anthropic' ? (t.value as AnthropicTool) : undefined;
  const schema =
    t.inputSchema === undefined || Object.keys(t.inputSchema).length === 0
      ? { type: 'object', properties: {} }
      : t.inputSchema.type === undefined
        ? { type: 'object', ...t.inputSchema }
        : t.inputSchema;
  const out: AnthropicTool = { ...(t.anthropicExtra ?? {}), name: t.name };
  if (t.description !== undefined) out.description = t.description;
  out.input_schema = schema;
  if (t.strict !== undefined) out.strict = t.strict;
  return cached(out, t.cacheControl);
}

/** A user turn of tool results only: the text of the next user message belongs in it. */
function isResultsOnly(m: AnthropicMessage | undefined): boolean {
  return (
    m !== undefined &&
    m.role === 'user' &&
    Array.isArray(m.content) &&
    m.content.length > 0 &&
    m.content.every((b) => b.type === 'tool_result')
  );
}

function messagesAndSystem(c: CanonicalRequest, opts: AnthropicRequestOptions): { messages: AnthropicMessage[]; system: TextBlock[] } {
  const system: TextBlock[] = [...(c.system ?? [])];
  const messages: AnthropicMessage[] = [];
  c.messages.forEach((m, i) => {
    if (m.role === 'system' && (opts.midSystem !== 'keep' || messages.length === 0)) {
      for (const b of m.content) if (b.type === 'text') system.push(b);
      return;
    }
    const body = content(m, i);
    if (body.length === 0) return;
    const prev = messages[messages.length - 1];
    // Text after tool results belongs in the same user turn (PROTOCOLS 2.3 ordering rule).
    if (m.role === 'user' && isResultsOnly(prev)) {
      const add = typeof body === 'string' ? [{ type: 'text', text: body } as AnthropicBlock] : body;
      (prev as AnthropicMessage).content = [...((prev as AnthropicMessage).content as AnthropicBlock[]), ...add];
      return;
    }
    messages.push({ role: m.role, content: body });
  });
  return { messages, system };
}

// Anthropic refuses thinking together with a forced tool, so the router never adds it there.
function forcesTool(c: CanonicalRequest): boolean {
  return c.toolChoice?.type === 'any' || c.toolChoice?.type === 'tool';
}

export function encodeAnthropicRequest(c: CanonicalRequest, opts: AnthropicRequestOptions = {}): AnthropicRequest {
  if (c.n !== undefined && c.n > 1) throw new WireError('unsupported', 'n: more than one choice is not supported by this model', 'n');
  const { messages, system } = messagesAndSystem(c, opts);
  const extras = c.extras?.anthropic;
  const outputConfig: Json = { ...((extras?.output_config as Json | undefined) ?? {}) };
  // A plain literal unless the client's own fields ride along: V8 (Node 20) adds a key to a spread
  // copy through a slow runtime path (~0.5 us), and every field below is an added key.
  let out: AnthropicRequest;
  if (extras) {
    const { output_config: _merged, ...rest } = extras;
    out = { ...rest, model: opts.model ?? c.model, messages };
  } else out = { model: opts.model ?? c.model, messages };
  const cap = opts.maxTokensCap ?? Number.POSITIVE_INFINITY;
  let maxTokens = Math.min(c.maxTokens ?? opts.defaultMaxTokens ?? 4096, cap);
  let thinking = c.thinking;
  let derivedThinking = false;
  if (c.effort !== undefined && (thinking !== undefined || opts.effortAs === 'output_config')) outputConfig.effort = c.effort;
  else if (c.effort !== undefined && effortBudgets[c.effort] !== undefined && !forcesTool(c)) {
    thinking = { type: 'enabled', budget_tokens: effortBudgets[c.effort] };
    derivedThinking = true;
  }
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') {
    let budget = thinking.budget_tokens;
    if (budget >= maxTokens) maxTokens = Math.min(cap, budget + maxTokens);
    if (budget >= maxTokens) budget = maxTokens - 1;
    thinking = budget < 1024 ? undefined : { ...thinking, budget_tokens: budget };
  }
  out.max_tokens = maxTokens;
  if (c.responseFormat?.type === 'json_schema' && c.responseFormat.schema !== undefined)
    outputConfig.format = { type: 'json_schema', schema: c.responseFormat.schema };
  if (c.responseFormat?.type === 'json_object')
    system.push({ type: 'text', text: 'Respond with a single valid JSON object and nothing else.' });
  const sys = system.filter((b) => b.text !== '');
  if (sys.length > 0)
    out.system =
      c.systemAsString === true && sys.length === 1 && sys[0]?.cacheControl === undefined ? (sys[0] as TextBlock).text : sys.map(textBlock);
  if (thinking !== undefined) out.thinking = thinking;
  // Thinking requires default sampling; only drop what the router itself turned thinking on for.
  if (!(derivedThinking && thinking !== undefined)) {
    // Recent Claude models reject temperature and top_p together: keep one, temperature first.
    if (c.temperature !== undefined) out.temperature = Math.min(1, Math.max(0, c.temperature));
    else if (c.topP !== undefined) out.top_p = c.topP;
    if (c.topK !== undefined) out.top_k = c.topK;
  }
  if (c.stopSequences !== undefined) {
    const stops = c.stopSequences.filter((s) => s !== '');
    if (stops.length > 0) out.stop_sequences = stops;
  }
  if (c.stream !== undefined) out.stream = c.stream;
  const tools = (c.tools ?? []).flatMap((t) => tool(t) ?? []);
  if (tools.length > 0) {
    out.tools = tools;
    const choice: Json | undefined =
      c.toolChoice !== undefined ? { ...c.toolChoice } : c.parallelToolCalls === false ? { type: 'auto' } : undefined;
    if (choice !== undefined && choice.type !== 'none' && c.parallelToolCalls !== undefined)
      choice.disable_parallel_tool_use = !c.parallelToolCalls;
    if (choice !== undefined) out.tool_choice = choice as AnthropicRequest['tool_choice'];
  }
  if (Object.keys(outputConfig).length > 0) out.output_config = outputConfig;
  if (out.metadata === undefined && c.userId !== undefined) out.metadata = { user_id: c.userId };
  if (c.cacheControl !== undefined) out.cache_control = c.cacheControl;
  return out;
}
