// `router rate good|bad`: one rating per decision (the latest wins), counted per target in state so
// rules' `ratingBelow` and `router explain` see it at once.
import type { RatingStat } from '../../engine/types.js';
import { RpcCode, RpcError, type RatingDTO } from '../../protocol/index.js';
import type { LedgerReader, RatingsRepo, StatsReader } from '../../store/types.js';
import type { StateHolder } from '../state/holder.js';

export interface RatingDeps {
  ledger: LedgerReader;
  ratings: RatingsRepo;
  stats: Pick<StatsReader, 'ratingsByTarget'>;
  state: StateHolder;
  clock: () => number;
}

/** At start-up: the ledger's ratings become the state's. */
export function loadRatings(d: Pick<RatingDeps, 'stats' | 'state'>): void {
  const ratings = d.stats.ratingsByTarget();
  if (Object.keys(ratings).length > 0) d.state.apply({ type: 'ratings.set', ratings });
}

function adjust(all: Record<string, RatingStat>, target: string | undefined, rating: 'good' | 'bad', by: 1 | -1): void {
  if (!target) return;
  const t = { ...(all[target] ?? { good: 0, bad: 0 }) };
  t[rating] = Math.max(0, t[rating] + by);
  all[target] = t;
}

export function rate(d: RatingDeps, p: { rating: 'good' | 'bad'; comment?: string; decisionId?: string }): RatingDTO {
  const entry = p.decisionId ? d.ledger.get(p.decisionId) : d.ledger.last();
  if (!entry)
    throw new RpcError(RpcCode.NotFound, p.decisionId ? `no decision "${p.decisionId}" in the ledger` : 'the ledger has no decisions yet');
  const decisionId = entry.request.decisionId;
  const target = entry.request.target ?? undefined;
  const previous = d.ratings.get(decisionId);
  d.ratings.set({ decisionId, ts: d.clock(), rating: p.rating, comment: p.comment, target });
  const ratings = { ...d.state.current.ratings };
  if (previous) adjust(ratings, previous.target, previous.rating, -1);
  adjust(ratings, target, p.rating, 1);
  d.state.apply({ type: 'ratings.set', ratings });
  const t = target ? ratings[target] : undefined;
  return {
    decisionId,
    rating: p.rating,
    comment: p.comment,
    target: target ?? null,
    targetRating: t ? { good: t.good, bad: t.bad, score: Math.round((t.good / Math.max(1, t.good + t.bad)) * 100) / 100 } : null,
  };
}
