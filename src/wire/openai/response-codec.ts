// Non-streaming OpenAI chat.completion <-> canonical response (PROTOCOLS 1.4, 3.3, 3.4).
import type { CanonicalBlock, CanonicalResponse, TextBlock } from '../canonical.js';
import { stopFromOpenAi, stopToOpenAi } from '../stop-reasons.js';
import { argumentsToInput, inputToArguments } from '../tool-arguments.js';
import { usageFromOpenAi, usageToOpenAi, zeroUsage } from '../usage.js';
import { thoughtSignatureOf } from './request-decode.js';
import type { OpenAiChatResponse, OpenAiResponseMessage, OpenAiToolCall } from './types.js';
import { isObj, type Obj } from '../json-object.js';

/** Reads choices[0]; `n > 1` is not translated. */
export function decodeOpenAiResponse(body: unknown): CanonicalResponse {
  const b = isObj(body) ? body : {};
  const choice = Array.isArray(b.choices) && isObj(b.choices[0]) ? b.choices[0] : {};
  const m = (isObj(choice.message) ? choice.message : {}) as Partial<OpenAiResponseMessage>;
  const content: CanonicalBlock[] = [];
  const reasoning = m.reasoning_content ?? (m as Obj).reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') content.push({ type: 'thinking', thinking: reasoning });
  if (typeof m.content === 'string' && m.content !== '') content.push({ type: 'text', text: m.content });
  if (typeof m.refusal === 'string' && m.refusal !== '') content.push({ type: 'text', text: m.refusal, refusal: true });
  const calls = Array.isArray(m.tool_calls) ? (m.tool_calls as OpenAiToolCall[]) : [];
  calls.forEach((tc, i) => {
    const args = typeof tc.function?.arguments === 'string' ? tc.function.arguments : '';
    const block: CanonicalBlock = {
      type: 'tool_use',
      id: typeof tc.id === 'string' && tc.id !== '' ? tc.id : `call_${i}`,
      name: tc.function?.name ?? '',
      input: argumentsToInput(args),
      arguments: args,
    };
    const sig = thoughtSignatureOf(tc);
    if (sig !== undefined) block.thoughtSignature = sig;
    content.push(block);
  });
  const finish = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  return {
    id: typeof b.id === 'string' ? b.id : '',
    model: typeof b.model === 'string' ? b.model : '',
    content,
    stopReason: stopFromOpenAi(finish, calls.length > 0) ?? 'end_turn',
    usage: usageFromOpenAi(b.usage) ?? { ...zeroUsage },
  };
}

export interface OpenAiResponseOptions {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  /** Add message.reasoning_content from thinking blocks (not in OpenAI's schema; DeepSeek/litellm style). */
  reasoningContent?: boolean;
}

export function encodeOpenAiResponse(res: CanonicalResponse, opts: OpenAiResponseOptions): OpenAiChatResponse {
  const texts = res.content.filter((b): b is TextBlock => b.type === 'text' && b.refusal !== true && b.text !== '');
  const refusals = res.content.filter((b): b is TextBlock => b.type === 'text' && b.refusal === true);
  const message: OpenAiResponseMessage = {
    role: 'assistant',
    content: texts.length === 0 ? null : texts.map((b) => b.text).join(''),
    refusal: refusals.length === 0 ? null : refusals.map((b) => b.text).join(''),
  };
  const calls: OpenAiToolCall[] = [];
  for (const b of res.content) {
    if (b.type === 'tool_use')
      calls.push({ id: b.id, type: 'function', function: { name: b.name, arguments: b.arguments ?? inputToArguments(b.input) } });
  }
  if (calls.length > 0) message.tool_calls = calls;
  if (opts.reasoningContent === true) {
    const thinking = res.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : []));
    if (thinking.length > 0) message.reasoning_content = thinking.join('');
  }
  return {
    id: opts.id,
    object: 'chat.completion',
    created: opts.created,
    model: opts.model,
    choices: [{ index: 0, message, finish_reason: stopToOpenAi(res.stopReason) ?? 'stop', logprobs: null }],
    usage: usageToOpenAi(res.usage),
  };
}
