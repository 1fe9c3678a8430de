// Responses usage <-> the ledger's usage. Like Chat Completions, input_tokens already includes the
// cached tokens and output_tokens the reasoning tokens.
import { isObj } from '../json-object.js';
import type { Usage } from '../usage.js';
import type { ResponsesUsage } from './types.js';

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/** null when the value is not a usage object at all. */
export function usageFromResponses(raw: unknown): Usage | null {
  if (!isObj(raw)) return null;
  const input = isObj(raw.input_tokens_details) ? raw.input_tokens_details : {};
  const output = isObj(raw.output_tokens_details) ? raw.output_tokens_details : {};
  return {
    inputTokens: count(raw.input_tokens),
    outputTokens: count(raw.output_tokens),
    cacheReadTokens: count(input.cached_tokens),
    cacheWriteTokens: count(input.cache_write_tokens),
    reasoningTokens: count(output.reasoning_tokens),
  };
}

export function usageToResponses(u: Usage): ResponsesUsage {
  const inputDetails: ResponsesUsage['input_tokens_details'] = { cached_tokens: u.cacheReadTokens };
  if (u.cacheWriteTokens > 0) inputDetails.cache_write_tokens = u.cacheWriteTokens;
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: inputDetails,
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}
