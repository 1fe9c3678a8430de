// Thompson sampling for `strategy: bandit`. Each target of a scope (a route, or a route's experiment
// arm) has a Beta posterior over "this target gives a good answer": success and failure masses fed
// by fractional rewards in [0, 1]. Every observation in a scope first discounts all its arms, so
// the posterior holds about 1/(1-discount) recent observations: a target that changes is followed
// within tens of requests, and exploration never stops but stays bounded (a clear loser keeps a
// small chance, which shrinks as the gap grows). Pure: the random source is passed in.
import type { Weights } from '../config/experiment-schema.js';
import { relativeScore } from './weights.js';

export interface BanditArm {
  /** Discounted reward mass (successes). */
  s: number;
  /** Discounted (1 - reward) mass (failures). */
  f: number;
}

/** Target id -> arm, for one scope. */
export type BanditArms = Readonly<Record<string, BanditArm>>;
/** Scope -> its arms. */
export type BanditBook = Readonly<Record<string, BanditArms>>;

/** ~33 observations of memory: a slower target loses its share within ~50 requests. */
export const BANDIT_DISCOUNT = 0.97;

export function banditScope(route: string, experiment?: { id: string; arm: string }): string {
  return experiment ? `${route}@${experiment.id}:${experiment.arm}` : route;
}

/** Gamma(shape >= 1) by Marsaglia and Tsang; normals by Box-Muller. */
function sampleGamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = random() || Number.MIN_VALUE;
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random() || Number.MIN_VALUE;
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Evidence below this (a target never tried, or not for ~100 observations of its scope) earns a
 * forced try: without it the first target to answer well keeps the traffic while its rivals sit on
 * an uninformed prior; with it a clear loser is retried at most about once per 100 requests.
 */
export const RETRY_BELOW_MASS = 0.05;

/** A draw from Beta(1 + s, 1 + f): the uniform prior plus the discounted evidence; 1 for an arm due a try. */
export function drawArm(arm: BanditArm | undefined, random: () => number): number {
  if (!arm || arm.s + arm.f < RETRY_BELOW_MASS) return 1;
  const a = sampleGamma(1 + (arm?.s ?? 0), random);
  const b = sampleGamma(1 + (arm?.f ?? 0), random);
  return a / (a + b);
}

export interface Outcome {
  ok: boolean;
  /** The answer was replaced by an escalation, or rated bad: no quality credit. */
  poorAnswer?: boolean;
  latencyMs: number;
  costUsd: number;
}

/**
 * Reward in [0, 1]: a failure earns 0; a success earns its weighted cost, latency and quality
 * parts, cost and latency relative to the best the scope knows (measured EWMA latency, cheapest).
 */
export function banditReward(o: Outcome, best: { latencyMs: number; costUsd: number }, w: Weights): number {
  if (!o.ok) return 0;
  const cost = w.cost * relativeScore(o.costUsd, best.costUsd, 1e-6);
  const latency = w.latency * relativeScore(o.latencyMs, Math.min(best.latencyMs, o.latencyMs), 1);
  const quality = o.poorAnswer ? 0 : w.quality;
  return Math.max(0, Math.min(1, cost + latency + quality));
}

/** The scope's arms after one observation of `target`: all arms discounted, then the reward added. */
export function observeArm(
  arms: BanditArms | undefined,
  target: string,
  reward: number,
  discount = BANDIT_DISCOUNT,
): Record<string, BanditArm> {
  const out: Record<string, BanditArm> = {};
  for (const [id, arm] of Object.entries(arms ?? {})) out[id] = { s: arm.s * discount, f: arm.f * discount };
  const r = Math.max(0, Math.min(1, reward));
  const own = out[target] ?? { s: 0, f: 0 };
  out[target] = { s: own.s + r, f: own.f + (1 - r) };
  return out;
}

export function armMean(arm: BanditArm | undefined): number {
  return (1 + (arm?.s ?? 0)) / (2 + (arm?.s ?? 0) + (arm?.f ?? 0));
}

/** What the bandit needs to know about one finished decision; read from its trace. */
export interface TraceForReward {
  banditScope?: string;
  weights?: Weights;
  candidates: ReadonlyArray<{ target: string; verdict: string; costUsd?: number }>;
}

/**
 * The reward of one answered (or failed) decision of a bandit route, or undefined when the decision
 * was not a bandit's. Latency is charged against the best measured EWMA of the decision's candidates
 * (`latencyEwma`), cost against the cheapest candidate's estimate.
 */
export function decisionReward(
  trace: TraceForReward,
  target: string,
  outcome: Omit<Outcome, 'costUsd'>,
  latencyEwma: (target: string) => number | undefined,
): { scope: string; reward: number } | undefined {
  if (trace.banditScope === undefined || !trace.weights) return undefined;
  let bestCost = Infinity;
  let bestLatency = Infinity;
  let ownCost = 0;
  for (const c of trace.candidates) {
    if (c.verdict === 'dropped') continue;
    if (c.costUsd !== undefined) bestCost = Math.min(bestCost, c.costUsd);
    if (c.target === target) ownCost = c.costUsd ?? 0;
    const measured = latencyEwma(c.target);
    if (measured !== undefined) bestLatency = Math.min(bestLatency, measured);
  }
  const best = { costUsd: Number.isFinite(bestCost) ? bestCost : ownCost, latencyMs: bestLatency };
  return { scope: trace.banditScope, reward: banditReward({ ...outcome, costUsd: ownCost }, best, trace.weights) };
}
