// The decision trace: JSON-serialisable, asserted on by tests and printed by `router explain`.
import type { Strategy, Tier } from '../config/schema.js';
import type { Requirements } from './requirements.js';
import type { Weights } from '../config/experiment-schema.js';
import type { Assignment } from './experiment.js';
import type { ScoreParts } from './weights.js';

export type Verdict = 'kept' | 'dropped' | 'promoted' | 'demoted';

export interface CandidateTrace {
  target: string;
  verdict: Verdict;
  /** Every reason that touched this candidate, joined with "; ". */
  reason: string;
  /** What the ordering used (strategies other than 'ordered'): measured, or the median when unknown. */
  latencyMs?: number;
  /** Estimated cost of this request in USD (ordering input). */
  costUsd?: number;
  /** Weighted cost, latency and quality parts and their total (route weights, bandit). */
  score?: ScoreParts;
  /** The bandit's Thompson draw: the highest goes first. */
  draw?: number;
}

/** How the requested model was turned into candidates. */
export type ResolutionKind = 'active' | 'route' | 'alias' | 'direct' | 'rule';

export interface RuleFired {
  /** Rule name, or "rules[3]" / "routes.fast.rules[0]" when unnamed. */
  name: string;
  priority: number;
  actions: string[];
}

export interface DecisionTrace {
  id: string;
  /** ms epoch of the decision. */
  at: number;
  requestedModel: string;
  routeHeader?: string;
  route: string | null;
  resolution: ResolutionKind;
  /** Alias name, or where the active route came from. */
  via?: string;
  strategy: Strategy;
  /** Shortcut names found at the start of the last user message, e.g. "long,vision". */
  shortcut?: string;
  signals?: TraceSignals;
  requirements?: Requirements;
  /** The tier rules or shortcuts asked for; targets below it are demoted. */
  wantedTier?: Tier;
  rulesFired: RuleFired[];
  candidates: CandidateTrace[];
  plannedOrder: string[];
  /** Shadow mode: the adaptive order that would have been used. */
  shadowOrder?: string[];
  /** The A/B experiment arm this request was assigned to. */
  experiment?: Assignment;
  /** Normalised weights the scores used (route or experiment arm weights, or equal thirds for the bandit). */
  weights?: Weights;
  /** Bandit strategy: the scope whose posteriors were drawn from (route, or route@experiment:arm). */
  banditScope?: string;
  notes: string[];
}

export interface TraceSignals {
  tokens: number;
  contextClass: string;
  /** Absent when no rule needed the prompt analysed (PlanOptions.analyze forces it). */
  intent?: string;
  intentConfidence?: number;
  difficulty?: string;
  difficultyConfidence?: number;
  difficultySource?: 'header' | 'estimate' | 'learned';
  /** The learned model's score, when it decided the difficulty. */
  difficultyScore?: number;
  /** The threshold the score was compared with: the model's, or the one for the route's `quality`. */
  difficultyThreshold?: number;
  /** The route's `quality` that picked the threshold, when it set one. */
  difficultyQuality?: number;
  /** The clock rule `hours`/`days` were read in, e.g. "UTC" or "UTC+02:00". */
  timezone: string;
}
