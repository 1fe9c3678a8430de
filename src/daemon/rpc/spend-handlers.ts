// Handlers of the spend and pacing methods: budgets, UVI, balances, stats, ratings, event history.
import type { DecisionDTO } from '../../protocol/index.js';
import { statsQueryFor } from '../../store/stats-repo.js';
import type { Store } from '../../store/types.js';
import { historyEvents } from '../spend/history.js';
import { rate } from '../spend/ratings.js';
import type { SpendService } from '../spend/service.js';
import type { StateHolder } from '../state/holder.js';
import type { Handlers } from './dispatch.js';
import { observeRating, type BanditObserver } from '../learning/outcomes.js';

export interface SpendHandlerDeps {
  spend: SpendService;
  store: Pick<Store, 'ledger' | 'ratings' | 'stats'>;
  state: StateHolder;
  clock: () => number;
  /** A rating of a bandit route's answer is one more observation of its target. */
  bandit?: BanditObserver;
}

type SpendMethod =
  | 'budget.get'
  | 'budget.set'
  | 'budget.clear'
  | 'uvi.get'
  | 'uvi.set'
  | 'uvi.refresh'
  | 'balance.get'
  | 'stats.query'
  | 'rating.set'
  | 'events.history';

export function createSpendHandlers(d: SpendHandlerDeps): Pick<Handlers, SpendMethod> {
  return {
    'budget.get': () => d.spend.budgets(),
    'budget.set': (p) => d.spend.setBudget(p.provider, p.usd, p.monthly),
    'budget.clear': (p) => d.spend.setBudget(p.provider, null, p.monthly),
    'uvi.get': () => d.spend.uvi(),
    'uvi.set': (p) => d.spend.setUvi(p),
    'uvi.refresh': () => d.spend.refreshUvi(),
    'balance.get': (p) => d.spend.balances(p.fetch),
    // `router stats` reads the ledger file itself (no daemon time spent); this is for socket scripts.
    'stats.query': (p) => d.store.stats.report(statsQueryFor(p, d.clock())),
    'rating.set': (p) => {
      const r = rate({ ledger: d.store.ledger, ratings: d.store.ratings, stats: d.store.stats, state: d.state, clock: d.clock }, p);
      if (d.bandit && r.target) observeRating(d.store.ledger.get(r.decisionId)?.request.trace, r.target, r.rating, d.bandit);
      return r;
    },
    'events.history': (p) => {
      const page = d.store.stats.entriesPage(p.sinceMs, p.limit, p.after);
      return { events: historyEvents(page.entries), next: page.next };
    },
  };
}

/** `router explain`: the decision's own rating and the current ratings of its candidates. */
export function withRatings(dto: DecisionDTO, d: Pick<SpendHandlerDeps, 'store' | 'state'>): DecisionDTO {
  const own = d.store.ratings.get(dto.decisionId);
  const all = d.state.current.ratings ?? {};
  const candidates = (dto.trace as { candidates?: Array<{ target?: unknown }> } | null)?.candidates ?? [];
  const ratings: Record<string, { good: number; bad: number }> = {};
  for (const target of [...candidates.map((c) => c.target), dto.target]) {
    const r = typeof target === 'string' ? all[target] : undefined;
    if (r) ratings[target as string] = r;
  }
  return {
    ...dto,
    rating: own ? { rating: own.rating, comment: own.comment } : undefined,
    ratings: Object.keys(ratings).length > 0 ? ratings : undefined,
  };
}
