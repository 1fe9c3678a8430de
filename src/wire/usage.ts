// One usage shape for the ledger. OpenAI counts cached prompt tokens inside prompt_tokens while
// Anthropic's input_tokens excludes cache reads and writes; getting this wrong double- or
// under-counts (PROTOCOLS 3.3), so every format converts through here.
import { isObj, type Obj } from './json-object.js';

export interface Usage {
  /** All prompt tokens, INCLUDING cache reads and writes (OpenAI style). */
  inputTokens: number;
  /** All generated tokens, including reasoning. */
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number; [k: string]: unknown };
  completion_tokens_details?: { reasoning_tokens?: number; [k: string]: unknown };
  [k: string]: unknown;
}

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
  [k: string]: unknown;
}

export const zeroUsage: Readonly<Usage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

function record(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

/** null when the value is not a usage object at all (e.g. the `usage:null` of every stream chunk). */
export function usageFromOpenAi(raw: unknown): Usage | null {
  const u = record(raw);
  if (u === undefined) return null;
  const prompt = record(u.prompt_tokens_details);
  const completion = record(u.completion_tokens_details);
  return {
    inputTokens: count(u.prompt_tokens),
    outputTokens: count(u.completion_tokens),
    cacheReadTokens: count(prompt?.cached_tokens),
    cacheWriteTokens: count(prompt?.cache_write_tokens),
    reasoningTokens: count(completion?.reasoning_tokens),
  };
}

export function usageToOpenAi(u: Usage): OpenAiUsage {
  const promptDetails: { cached_tokens: number; cache_write_tokens?: number } = { cached_tokens: u.cacheReadTokens };
  if (u.cacheWriteTokens > 0) promptDetails.cache_write_tokens = u.cacheWriteTokens;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

export function usageFromAnthropic(raw: unknown): Usage | null {
  const u = record(raw);
  if (u === undefined) return null;
  const cacheRead = count(u.cache_read_input_tokens);
  const cacheWrite = count(u.cache_creation_input_tokens);
  return {
    inputTokens: count(u.input_tokens) + cacheRead + cacheWrite,
    outputTokens: count(u.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count(record(u.output_tokens_details)?.thinking_tokens),
  };
}

export function usageToAnthropic(u: Usage): AnthropicUsage {
  return {
    input_tokens: Math.max(0, u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens),
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cacheReadTokens,
  };
}

/**
 * Anthropic stream usage: message_delta carries cumulative counts and each present field
 * overwrites the earlier one (that is what the SDK does), absent fields keep their value.
 */
export function mergeAnthropicUsage(prev: AnthropicUsage, rawDelta: unknown): AnthropicUsage {
  const d = record(rawDelta);
  if (d === undefined) return prev;
  const next: AnthropicUsage = { ...prev };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    if (typeof d[key] === 'number') next[key] = d[key] as number;
  }
  if (record(d.output_tokens_details) !== undefined) next.output_tokens_details = d.output_tokens_details as { thinking_tokens?: number };
  return next;
}

export function usageFromGemini(raw: unknown): Usage | null {
  const u = record(raw);
  if (u === undefined) return null;
  const thoughts = count(u.thoughtsTokenCount);
  return {
    inputTokens: count(u.promptTokenCount) + count(u.toolUsePromptTokenCount),
    outputTokens: count(u.candidatesTokenCount) + thoughts,
    cacheReadTokens: count(u.cachedContentTokenCount),
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}

/** Ollama omits either count when the prompt came from its cache; absent means 0. */
export function usageFromOllama(raw: unknown): Usage | null {
  const u = record(raw);
  if (u === undefined) return null;
  return {
    inputTokens: count(u.prompt_eval_count),
    outputTokens: count(u.eval_count),
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}
