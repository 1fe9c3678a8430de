// Price arithmetic, one formula for the ledger (actual usage) and for ordering (estimates).
import type { ModelEntry } from '../config/schema.js';

/** Structurally the wire room's Usage: prompt tokens INCLUDE cache reads and writes (OpenAI style). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * USD for this usage at the catalog price (USD per million tokens). Cache reads and writes use
 * their own prices when the catalog has them, else the input price. No price known: 0.
 */
export function costUsd(usage: TokenUsage, entry: ModelEntry | undefined): number {
  const price = entry?.price;
  if (!price) return 0;
  const cached = usage.cacheReadTokens + usage.cacheWriteTokens;
  const plainInput = Math.max(0, usage.inputTokens - cached);
  const micro =
    plainInput * price.input +
    usage.cacheReadTokens * (price.cacheRead ?? price.input) +
    usage.cacheWriteTokens * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output;
  return micro / 1_000_000;
}
