// Data shapes of the spend and pacing methods (budgets, UVI, balances, stats, ratings, history).
// Plain JSON: ISO strings for times, USD as numbers, percentages 0-100.

export type PressureDTO = 'promoted' | 'normal' | 'demoted' | 'blocked';

export interface BudgetLineDTO {
  /** USD; null: no limit for this period. */
  limitUsd: number | null;
  /** 'cli' for `router budget set`, 'cleared' when `router budget clear` removed a config budget. */
  source: 'config' | 'cli' | 'cleared' | 'none';
  spentUsd: number;
  /** spent / limit * 100, null without a limit. */
  pct: number | null;
}

export interface BudgetDTO {
  provider: string;
  billing: 'per-token' | 'subscription';
  daily: BudgetLineDTO;
  monthly: BudgetLineDTO;
  /** Present at >= 80% of either budget. */
  warning?: string;
}

export interface BudgetsDTO {
  /** UTC day and month the spend figures are for. */
  day: string;
  month: string;
  budgets: BudgetDTO[];
}

export interface UviWindowDTO {
  name: string;
  source: 'quota' | 'budget';
  usedPct: number;
  /** null when the window's reset time is unknown. */
  elapsedPct: number | null;
  uvi: number;
  level: 'critical' | 'stressed' | 'normal' | 'surplus';
  resetsAt: string | null;
  stale?: true;
}

export interface UviProviderDTO {
  provider: string;
  level: UviWindowDTO['level'];
  /** What routing does with it now (normal while UVI is disabled). */
  pressure: PressureDTO;
  uvi: number | null;
  windows: UviWindowDTO[];
  /** Last successful quota fetch, for providers with a quota source. */
  fetchedAt: string | null;
  error?: string;
}

export interface UviDTO {
  enabled: boolean;
  hard: boolean;
  providers: UviProviderDTO[];
}

export interface BalanceAmountDTO {
  currency: string;
  total: number;
  granted?: number;
  toppedUp?: number;
}

export interface BalanceDTO {
  provider: string;
  url: string;
  available: boolean | null;
  amounts: BalanceAmountDTO[];
  fetchedAt: string | null;
  error?: string;
}

export interface BalancesDTO {
  balances: BalanceDTO[];
}

export type StatsGroupBy = 'day' | 'provider' | 'model' | 'route' | 'key';

export interface StatsRowDTO {
  key: string;
  requests: number;
  ok: number;
  errors: number;
  aborted: number;
  successPct: number | null;
  /** Requests answered by another target than the planner's first choice. */
  failovers: number;
  failoverPct: number | null;
  /** Percentiles come from log-scale histograms (12% buckets): the bucket's upper edge. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costUsd: number;
}

export interface ShareDTO {
  key: string;
  requests: number;
  pct: number;
}

export interface CompositionDTO {
  day: string;
  requests: number;
  shares: ShareDTO[];
}

export interface CauseDTO {
  errorClass: string;
  requests: number;
}

export interface DriftPairDTO {
  planned: string;
  /** null: nobody answered. */
  actual: string | null;
  requests: number;
  causes: CauseDTO[];
}

export interface DriftDTO {
  /** Requests whose first planned attempt failed. */
  requests: number;
  failedOver: number;
  unanswered: number;
  pairs: DriftPairDTO[];
  topErrors: CauseDTO[];
}

export interface DistributionDTO {
  target: string;
  requests: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  costP50Usd: number | null;
  costP95Usd: number | null;
  costAvgUsd: number | null;
  /** Latency histogram: requests per bucket, buckets by upper edge. */
  latency: Array<{ upToMs: number; requests: number }>;
}

export interface HeatmapDTO {
  metric: 'requests' | 'cost';
  tzOffsetMinutes: number;
  /** Row labels, Monday first. */
  weekdays: string[];
  /** [weekday][hour 0-23], local time. */
  cells: number[][];
  max: number;
}

export interface StatsDTO {
  from: string;
  to: string;
  route: string | null;
  by: StatsGroupBy;
  tzOffsetMinutes: number;
  totals: StatsRowDTO;
  rows: StatsRowDTO[];
  composition: CompositionDTO[];
  drift: DriftDTO;
  distributions: DistributionDTO[];
  heatmap?: HeatmapDTO;
}

export interface RatingDTO {
  decisionId: string;
  rating: 'good' | 'bad';
  comment?: string;
  target: string | null;
  /** The target's ratings after this one. */
  targetRating: { good: number; bad: number; score: number } | null;
}
