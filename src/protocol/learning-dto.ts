// Results of `router experiment list | report` and `router replay` (printed with --json).

export interface ExperimentListItem {
  id: string;
  route: string | null;
  /** running: in the config and before `until`; ended: `until` passed; removed: only in the ledger. */
  status: 'running' | 'ended' | 'removed';
  split: Record<string, number> | null;
  until: string | null;
  requests: number;
  first: string | null;
  last: string | null;
}

export interface ArmStats {
  arm: string;
  requests: number;
  ok: number;
  /** 0..100 */
  successPct: number;
  /** Of answered requests; null with none. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyMeanMs: number | null;
  costPerRequestUsd: number;
  ratings: { good: number; bad: number };
}

/** One measured difference of an arm against the control, with its 95% interval half-width. */
export interface Difference {
  metric: 'success' | 'latency' | 'cost' | 'rating';
  /** success and rating: percentage points; latency and cost: percent of the control's mean. */
  unit: 'points' | 'percent';
  /** arm minus control; null when there is too little data. */
  estimate: number | null;
  /** Half-width of the 95% interval (1.96 standard errors). */
  interval: number | null;
  significant: boolean;
  /** e.g. "b is cheaper by 31% ± 6%", "latency not different", "ratings: too few". */
  verdict: string;
}

export interface ArmComparison {
  arm: string;
  control: string;
  differences: Difference[];
  /** The differences' verdicts joined with "; ". */
  verdict: string;
}

export interface ExperimentReportDTO {
  id: string;
  route: string | null;
  status: ExperimentListItem['status'];
  control: string | null;
  arms: ArmStats[];
  comparisons: ArmComparison[];
}

export interface ReplayDTO {
  /** The config the decisions were re-planned under. */
  config: string;
  since: string;
  route: string | null;
  /** Decisions in the window with stored facts; skipped: facts of a version this build cannot read. */
  decisions: number;
  skipped: number;
  changed: number;
  /** 0..100 */
  changedPct: number;
  /**
   * Decisions re-planned with an input it could not re-evaluate without the prompt text (stored only
   * with ledger.capturePrompts): a systemMatches pattern the recording config did not have, or a
   * learned model other than the one recorded. Those inputs counted as not matching / the word lists.
   */
  unevaluated: number;
  /** Per missing input, how many decisions lacked it. */
  gaps: Record<string, number>;
  /** First target: recorded plan, and re-planned ("(none)": no target, e.g. the route is gone). */
  before: Record<string, number>;
  after: Record<string, number>;
  cost: {
    /** What the ledger recorded. */
    recordedUsd: number;
    /** Recorded tokens at catalog prices of the recorded and the re-planned first target. */
    beforeUsd: number;
    afterUsd: number;
    /** Decisions whose target has no price in the catalog (counted as 0). */
    unpriced: number;
  };
  latency: {
    /** Mean over decisions of each first target's measured mean latency in the window. */
    beforeMs: number | null;
    afterMs: number | null;
    /** Re-planned decisions whose target has no measured latency (left out of afterMs). */
    unmeasured: number;
  };
  /** A few changed decisions, to look at with `router explain`. */
  examples: Array<{ decisionId: string; before: string; after: string }>;
}
