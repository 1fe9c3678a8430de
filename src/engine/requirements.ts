// What a request needs from a model. A capability the catalog does not state is not a "no": it is
// allowed, but ranks below a stated "yes" (see unstatedCapability).
import type { ModelEntry, Tier } from '../config/schema.js';

export interface Requirements {
  reasoning?: boolean;
  vision?: boolean;
  tools?: boolean;
  /** Tokens of context window needed (input plus requested output). */
  minContext?: number;
  /** The client's max output tokens; a model that cannot produce that many would reject the request. */
  minOutput?: number;
}

/** Later sources win field by field; context needs only ever grow. */
export function mergeRequirements(...parts: (Requirements | undefined)[]): Requirements {
  const out: Requirements = {};
  for (const part of parts) {
    if (!part) continue;
    if (part.reasoning !== undefined) out.reasoning = part.reasoning;
    if (part.vision !== undefined) out.vision = part.vision;
    if (part.tools !== undefined) out.tools = part.tools;
    if (part.minContext !== undefined) out.minContext = Math.max(out.minContext ?? 0, part.minContext);
    if (part.minOutput !== undefined) out.minOutput = Math.max(out.minOutput ?? 0, part.minOutput);
  }
  return out;
}

/** Why the entry cannot serve the request, or undefined when it can (or when we do not know). */
export function unmetRequirement(entry: ModelEntry | undefined, req: Requirements): string | undefined {
  if (!entry) return undefined;
  if (req.vision && entry.vision === false) return 'no vision (request has images)';
  if (req.tools && entry.tools === false) return 'no tool use (request has tools)';
  if (req.reasoning && entry.reasoning === false) return 'not a reasoning model';
  if (req.minContext !== undefined && entry.contextWindow !== undefined && entry.contextWindow < req.minContext) {
    return `context window ${entry.contextWindow} < ${req.minContext} tokens needed`;
  }
  if (req.minOutput !== undefined && entry.maxOutput !== undefined && entry.maxOutput < req.minOutput) {
    return `max output ${entry.maxOutput} < ${req.minOutput} requested`;
  }
  return undefined;
}

/**
 * A capability the request needs that the catalog does not state (vision, reasoning): such a model
 * may lack it, so it gives way to one known to have it. Tools are nearly universal and not asked here.
 */
export function unstatedCapability(entry: ModelEntry | undefined, req: Requirements): 'vision' | 'reasoning' | undefined {
  if (req.vision && entry?.vision !== true) return 'vision';
  if (req.reasoning && entry?.reasoning !== true) return 'reasoning';
  return undefined;
}

/**
 * What a model the client named must meet, or the request is refused. The context need is an
 * estimate (it errs high on purpose), so it never refuses a named model: its upstream decides.
 */
export function namedModelRequirements(req: Requirements): Requirements {
  const { minContext: _estimate, ...exact } = req;
  return exact;
}

export const tierRank: Readonly<Record<Tier, number>> = { basic: 0, standard: 1, strong: 2, premium: 3 };

export function belowTier(entry: ModelEntry | undefined, wanted: Tier): boolean {
  return entry?.tier !== undefined && tierRank[entry.tier] < tierRank[wanted];
}
