// Ordering strategies. Sort keys, most significant first:
//   adaptive: rule rank, pressure bucket, latency band, estimated cost, config order
//   ordered:  rule rank, config order
//   cheapest: rule rank, estimated cost, config order
//   fastest:  rule rank, measured latency, config order
//   adaptive with route weights: rule rank, pressure bucket, weighted score (weights.ts), config order
//   bandit:   rule rank, pressure bucket, Thompson draw (bandit.ts), config order
// Rule rank comes from rules and shortcuts (a forced or requested target, preferred providers,
// targets below the wanted tier); pressure buckets come from budgets and UVI.
import type { Config, ModelEntry, Strategy, Target } from '../config/schema.js';
import { costUsd } from './cost.js';
import type { ScoreParts } from './weights.js';
import type { Pressure, RouterState } from './types.js';

export type RuleRank = 0 | 1 | 2 | 3;
/** 0 forced/requested, 1 preferred, 2 normal, 3 below the wanted tier. */
export const rank = { forced: 0, preferred: 1, normal: 2, belowTier: 3 } as const;

const pressureRank: Readonly<Record<Pressure, number>> = { promoted: 0, normal: 1, demoted: 2, blocked: 3 };
/** Outputs run to a few hundred tokens in practice; max_tokens alone would overstate costs wildly. */
const typicalOutputTokens = 1_000;

export interface OrderContext {
  config: Config;
  state: RouterState;
  stream: boolean;
  inputTokens: number;
  maxOutputTokens?: number;
  entryOf: (t: Target) => ModelEntry | undefined;
  ruleRank: (t: Target) => RuleRank;
}

export interface Scored {
  target: Target;
  index: number;
  ruleRank: number;
  pressure: number;
  latencyMs: number;
  latencyMeasured: boolean;
  costUsd: number;
  costKnown: boolean;
  /** Weighted score parts (route weights or the bandit); absent when the strategy ignores them. */
  parts?: ScoreParts;
  /** The bandit's Thompson draw in [0, 1]. */
  draw?: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function measuredLatency(state: RouterState, t: Target, stream: boolean): number | undefined {
  const stat = state.latency[t.id];
  if (!stat || stat.samples === 0) return undefined;
  // A streaming client waits for the first token, not the whole answer.
  return stream && stat.ttftEwmaMs > 0 ? stat.ttftEwmaMs : stat.ewmaMs;
}

function knownCost(ctx: OrderContext, t: Target): number | undefined {
  const provider = ctx.config.providers[t.provider];
  if ((t.billing ?? provider?.billing) === 'subscription') return 0;
  const entry = ctx.entryOf(t);
  if (!entry?.price) return provider?.type === 'ollama' || provider?.type === 'simulated' ? 0 : undefined;
  const outputTokens = Math.min(ctx.maxOutputTokens ?? typicalOutputTokens, typicalOutputTokens);
  return costUsd({ inputTokens: ctx.inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }, entry);
}

/** Targets with no history get the median of the others, so they are neither starved nor favoured. */
export function score(targets: readonly Target[], ctx: OrderContext): Scored[] {
  const latencies = targets.map((t) => measuredLatency(ctx.state, t, ctx.stream));
  const costs = targets.map((t) => knownCost(ctx, t));
  const latencyFill = latencies.includes(undefined) ? median(latencies.filter((v): v is number => v !== undefined)) : 0;
  const costFill = costs.includes(undefined) ? median(costs.filter((v): v is number => v !== undefined)) : 0;
  return targets.map((target, index) => {
    const latency = latencies[index];
    const cost = costs[index];
    return {
      target,
      index,
      ruleRank: ctx.ruleRank(target),
      pressure: pressureRank[ctx.state.pressure?.[target.provider] ?? 'normal'],
      latencyMs: latency ?? latencyFill,
      latencyMeasured: latency !== undefined,
      costUsd: cost ?? costFill,
      costKnown: cost !== undefined,
    };
  });
}

/** ~26% wide bands: latencies that close are a tie, so cost decides instead of noise flipping the order. */
function latencyBand(ms: number): number {
  return ms <= 0 ? 0 : Math.floor(Math.log2(ms) * 3);
}

const comparators: Readonly<Record<Strategy, (a: Scored, b: Scored) => number>> = {
  adaptive: (a, b) =>
    a.ruleRank - b.ruleRank ||
    a.pressure - b.pressure ||
    latencyBand(a.latencyMs) - latencyBand(b.latencyMs) ||
    a.costUsd - b.costUsd ||
    a.index - b.index,
  ordered: (a, b) => a.ruleRank - b.ruleRank || a.index - b.index,
  cheapest: (a, b) => a.ruleRank - b.ruleRank || a.costUsd - b.costUsd || a.index - b.index,
  fastest: (a, b) => a.ruleRank - b.ruleRank || a.latencyMs - b.latencyMs || a.index - b.index,
  bandit: (a, b) => a.ruleRank - b.ruleRank || a.pressure - b.pressure || (b.draw ?? 0) - (a.draw ?? 0) || a.index - b.index,
};

const weighted = (a: Scored, b: Scored): number =>
  a.ruleRank - b.ruleRank || a.pressure - b.pressure || (b.parts?.total ?? 0) - (a.parts?.total ?? 0) || a.index - b.index;

/** `adaptive` follows the route's weights when plan() scored them (the route sets `weights`). */
export function orderScored(scored: readonly Scored[], strategy: Strategy): Scored[] {
  const weightedAdaptive = strategy === 'adaptive' && scored.length > 0 && scored[0]?.parts !== undefined;
  return [...scored].sort(weightedAdaptive ? weighted : comparators[strategy]);
}

/** Only the unusual is worth words; the numbers themselves go into the trace as fields. */
export function scoreCaveats(s: Scored): string | undefined {
  if (s.latencyMeasured && s.costKnown) return undefined;
  if (!s.latencyMeasured && !s.costKnown) return 'no latency history and no price: medians used';
  return s.latencyMeasured ? 'no price: median used' : 'no latency history: median used';
}
