// Non-streaming Responses `response` object <-> canonical response (PROTOCOLS 8). Output items map
// one to one: message -> text, function_call -> tool_use, reasoning -> thinking (its summary) or,
// when it came from another provider, our wrapped reasoning item (see reasoning.ts).
import type { CanonicalBlock, CanonicalResponse, StopReason } from '../canonical.js';
import { isObj, type Obj } from '../json-object.js';
import { argumentsToInput, inputToArguments } from '../tool-arguments.js';
import { zeroUsage } from '../usage.js';
import { blockToReasoning, summaryText } from './reasoning.js';
import { flatName, splitName, type NamespaceBook } from './tool-names.js';
import type { ResponsesContentPart, ResponsesFunctionCallItem, ResponsesItem, ResponsesReasoningItem, ResponsesResponse } from './types.js';
import { usageFromResponses, usageToResponses } from './usage.js';

function messageBlocks(item: Obj, out: CanonicalBlock[]): void {
  const content = Array.isArray(item.content) ? item.content : [];
  for (const p of content) {
    if (!isObj(p)) continue;
    if (p.type === 'output_text' && typeof p.text === 'string' && p.text !== '') out.push({ type: 'text', text: p.text });
    else if (p.type === 'refusal' && typeof p.refusal === 'string' && p.refusal !== '')
      out.push({ type: 'text', text: p.refusal, refusal: true });
  }
}

/** Stop reason of a finished response: incomplete tells why, function calls mean tool_use. */
export function stopOfResponse(status: unknown, incomplete: unknown, hasCalls: boolean): StopReason {
  if (status === 'incomplete') {
    const reason = isObj(incomplete) ? incomplete.reason : undefined;
    return reason === 'content_filter' ? 'refusal' : 'max_tokens';
  }
  return hasCalls ? 'tool_use' : 'end_turn';
}

/** Reads a Responses answer from an upstream. */
export function decodeResponsesResponse(body: unknown): CanonicalResponse {
  const b = isObj(body) ? body : {};
  const content: CanonicalBlock[] = [];
  let calls = 0;
  for (const item of Array.isArray(b.output) ? b.output : []) {
    if (!isObj(item)) continue;
    if (item.type === 'message') messageBlocks(item, content);
    else if (item.type === 'function_call') {
      const fc = item as ResponsesFunctionCallItem;
      const args = typeof fc.arguments === 'string' ? fc.arguments : '';
      const name =
        typeof fc.namespace === 'string' && fc.namespace !== '' ? flatName(fc.namespace, String(fc.name)) : String(fc.name ?? '');
      content.push({
        type: 'tool_use',
        id: String(fc.call_id ?? fc.id ?? `call_${calls}`),
        name,
        input: argumentsToInput(args),
        arguments: args,
      });
      calls++;
    } else if (item.type === 'reasoning') {
      const text = summaryText(item as ResponsesReasoningItem);
      if (text !== '') content.push({ type: 'thinking', thinking: text });
    }
  }
  return {
    id: typeof b.id === 'string' ? b.id : '',
    model: typeof b.model === 'string' ? b.model : '',
    content,
    stopReason: stopOfResponse(b.status, b.incomplete_details, calls > 0),
    usage: usageFromResponses(b.usage) ?? { ...zeroUsage },
  };
}

export interface ResponsesResponseOptions {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  model: string;
  /** Flattened namespace functions of the client's request, regrouped in function_call items. */
  namespaces?: NamespaceBook;
  /** Echoed request fields the SDKs read back (tools, tool_choice, parallel_tool_calls…). */
  echo?: Obj;
}

/** The output items of a canonical answer; item ids derive from the response id. */
export function outputItems(content: readonly CanonicalBlock[], id: string, namespaces?: NamespaceBook): ResponsesItem[] {
  const out: ResponsesItem[] = [];
  let text: ResponsesContentPart[] = [];
  const base = id.replace(/^resp_/, '');
  const flush = () => {
    if (text.length === 0) return;
    out.push({ type: 'message', id: `msg_${base}_${out.length}`, status: 'completed', role: 'assistant', content: text });
    text = [];
  };
  for (const b of content) {
    if (b.type === 'text') {
      if (b.text !== '')
        text.push(
          b.refusal === true ? { type: 'refusal', refusal: b.text } : { type: 'output_text', text: b.text, annotations: [], logprobs: [] },
        );
      continue;
    }
    if (b.type === 'tool_use') {
      flush();
      const { name, namespace } = splitName(namespaces, b.name);
      const call: ResponsesFunctionCallItem = {
        type: 'function_call',
        id: `fc_${base}_${out.length}`,
        call_id: b.id,
        name,
        arguments: b.arguments ?? inputToArguments(b.input),
        status: 'completed',
      };
      if (namespace !== undefined) call.namespace = namespace;
      out.push(call);
    } else if (b.type === 'thinking' || b.type === 'redacted_thinking') {
      flush();
      out.push(blockToReasoning(b, `rs_${base}_${out.length}`));
    } else if (b.type === 'raw' && b.format === 'responses') {
      flush();
      out.push(b.value as ResponsesItem);
    }
  }
  flush();
  return out;
}

/** The text an SDK computes as `output_text`: every output_text part of every message. */
export function outputText(output: readonly ResponsesItem[]): string {
  let s = '';
  for (const item of output) {
    if (item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const p of item.content as ResponsesContentPart[]) if (p.type === 'output_text' && typeof p.text === 'string') s += p.text;
  }
  return s;
}

export function encodeResponsesResponse(res: CanonicalResponse, opts: ResponsesResponseOptions): ResponsesResponse {
  const output = outputItems(res.content, opts.id, opts.namespaces);
  const incomplete = res.stopReason === 'max_tokens' || res.stopReason === 'model_context_window_exceeded' || res.stopReason === 'refusal';
  return {
    ...responseShell(opts),
    status: incomplete ? 'incomplete' : 'completed',
    incomplete_details: incomplete ? { reason: res.stopReason === 'refusal' ? 'content_filter' : 'max_output_tokens' } : null,
    output,
    output_text: outputText(output),
    usage: usageToResponses(res.usage),
  };
}

/** Fields every response object carries, whatever its status. */
/**
 * responseShell's fields but status, incomplete_details, output and usage, as JSON without the
 * braces, in the same order. Every stream starts with it and response.completed repeats it, so the
 * usual case (nothing echoed) is a template rather than an object built and stringified per request.
 */
export function shellFieldsJson(opts: ResponsesResponseOptions): string {
  if (opts.echo !== undefined) {
    const { status: _s, incomplete_details: _i, output: _o, usage: _u, ...fixed } = responseShell(opts);
    return JSON.stringify(fixed).slice(1, -1);
  }
  return (
    `"id":${JSON.stringify(opts.id)},"object":"response","created_at":${opts.createdAt},"error":null,"instructions":null,` +
    `"max_output_tokens":null,"model":${JSON.stringify(opts.model)},"parallel_tool_calls":true,"previous_response_id":null,` +
    `"reasoning":{"effort":null,"summary":null},"store":false,"temperature":null,"text":{"format":{"type":"text"}},` +
    `"tool_choice":"auto","tools":[],"top_p":null,"truncation":"disabled","metadata":{}`
  );
}

export function responseShell(opts: ResponsesResponseOptions): ResponsesResponse {
  return {
    id: opts.id,
    object: 'response',
    created_at: opts.createdAt,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: opts.model,
    output: [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: null,
    metadata: {},
    ...opts.echo,
  };
}
