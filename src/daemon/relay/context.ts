// What a translating relay needs beyond the request itself: ids that are unique per request,
// the clock for `created`, the catalog (output limits, reasoning support) and the adapters
// (Gemini thought signatures: the daemon's book, reached through the Gemini adapter).
import type { Config, ModelEntry, ProviderType, Target } from '../../config/schema.js';
import { catalogEntry } from '../../engine/prepare.js';
import type { Adapters } from '../providers/registry.js';

export interface RelayContext {
  /** Unique per request (the decision id): response ids and generated tool-call ids derive from it. */
  requestId: string;
  now(): number;
  config(): Config;
  adapters(): Adapters;
  /** Adds a line to the decision's trace (what a translation had to drop, and why). */
  note?(text: string): void;
}

export function catalogOf(ctx: RelayContext, target: Target): ModelEntry | undefined {
  return catalogEntry(ctx.config(), target);
}

export function providerTypeOf(ctx: RelayContext, target: Target): ProviderType | undefined {
  return ctx.config().providers[target.provider]?.type;
}

/**
 * The target's provider serves the Responses API (`responses`, default true for type openai). Only
 * OpenAI-style adapters can post to /responses, so the flag means nothing on other types.
 */
export function servesResponses(ctx: RelayContext, target: Target): boolean {
  const p = ctx.config().providers[target.provider];
  if (p === undefined || (p.type !== 'openai' && p.type !== 'openai-compatible')) return false;
  return p.responses === undefined ? p.type === 'openai' : p.responses !== false;
}
