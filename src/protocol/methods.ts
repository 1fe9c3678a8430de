// The one method table shared by the CLI client and the daemon. Each method is declared once: its
// params schema (validated at the daemon's edge) and its result type. The daemon's handler map is
// typed from this table, so a method without a handler does not compile.
import { z } from 'zod';
import type {
  CircuitDTO,
  ConfigView,
  CooldownDTO,
  DecisionDTO,
  FlagsDTO,
  HelloResult,
  ReloadResult,
  RouterEvent,
  StatusDTO,
  StopResult,
} from './dto.js';
import { keyMethods } from './key-methods.js';
import { experimentMethods } from './experiment-methods.js';
import type { BalancesDTO, BudgetsDTO, RatingDTO, StatsDTO, UviDTO } from './spend-dto.js';

/** The learned difficulty model the planner uses; version null: none stored (word lists decide). */
export interface LearnStatusDTO {
  version: number | null;
  createdAt?: string;
  threshold?: number;
  meta?: Record<string, unknown>;
}

export { PROTOCOL_VERSION, EVENT_NOTIFICATION } from './wire-constants.js';
/** Largest control message the daemon reads; larger ones get a TooLarge error. */
export const MAX_RPC_MESSAGE_BYTES = 1024 * 1024;
/** Most requests one `events.history` page holds; a longer history is read page by page. */
export const MAX_HISTORY_PAGE = 10_000;

interface MethodSpec<P extends z.ZodType, R> {
  params: P;
  /** Phantom: carries the result type only. */
  result?: R;
}

function method<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params });
}

const none = z.strictObject({}).default({});
const providerId = z.string().min(1).max(200);
const usd = z.number().nonnegative().max(1e9);

export const methods = {
  hello: method<HelloResult>()(z.strictObject({ protocolVersion: z.number().int(), client: z.string().max(200) })),
  status: method<StatusDTO>()(none),
  'daemon.stop': method<StopResult>()(none),
  'config.reload': method<ReloadResult>()(none),
  'events.subscribe': method<{ subscribed: true }>()(none),
  /** Forget cooldowns, breakers and latency history (never the ledger). */
  'state.reset': method<{ reset: true }>()(none),
  'circuit.reset': method<{ reset: true; provider: string | null }>()(z.strictObject({ provider: z.string().optional() }).default({})),
  'circuit.list': method<{ circuits: CircuitDTO[]; cooldowns: CooldownDTO[] }>()(none),
  /** The running config as the daemon sees it, with live availability. */
  'config.view': method<ConfigView>()(none),
  /** `router switch`: a route id, an alias or a provider/model becomes what `auto` means. */
  'route.switch': method<{ active: string; kind: 'route' | 'alias' | 'target' }>()(z.strictObject({ target: z.string().min(1).max(300) })),
  /** A recorded decision from the ledger; the latest when no id is given. */
  'decision.get': method<DecisionDTO>()(z.strictObject({ id: z.string().max(100).optional() }).default({})),
  'flags.set': method<FlagsDTO>()(
    z.strictObject({ shadow: z.boolean().optional(), uviEnabled: z.boolean().optional(), uviHard: z.boolean().optional() }).default({}),
  ),
  /** Budgets per provider (config and `router budget set`) with today's and this month's spend. */
  'budget.get': method<BudgetsDTO>()(none),
  /** A runtime budget; persisted, survives restarts, beats the config's. */
  'budget.set': method<BudgetsDTO>()(z.strictObject({ provider: providerId, usd, monthly: z.boolean().default(false) })),
  /** No budget for that period any more (a config budget is overridden until `budget set`). */
  'budget.clear': method<BudgetsDTO>()(z.strictObject({ provider: providerId, monthly: z.boolean().default(false) })),
  'uvi.get': method<UviDTO>()(none),
  /** Enable/disable UVI pacing and hard mode; persisted, beats the config's `uvi`. */
  'uvi.set': method<UviDTO>()(z.strictObject({ enabled: z.boolean().optional(), hard: z.boolean().optional() }).default({})),
  /** Fetch every quota source now, then answer like uvi.get. */
  'uvi.refresh': method<UviDTO>()(none),
  /** Last fetched balances; with fetch: true, fetched now. */
  'balance.get': method<BalancesDTO>()(z.strictObject({ fetch: z.boolean().default(false) }).default({ fetch: false })),
  /** Ledger report from the hourly rollups. Window: fromMs, else hours, else days (default 7), up to now. */
  'stats.query': method<StatsDTO>()(
    z
      .strictObject({
        fromMs: z.number().int().nonnegative().optional(),
        hours: z
          .number()
          .positive()
          .max(24 * 3660)
          .optional(),
        days: z.number().positive().max(3660).optional(),
        route: z.string().max(300).optional(),
        by: z.enum(['day', 'provider', 'model', 'route', 'key']).default('model'),
        heatmap: z.enum(['requests', 'cost']).optional(),
        tzOffsetMinutes: z
          .number()
          .int()
          .min(-14 * 60)
          .max(14 * 60)
          .default(0),
      })
      .default({ by: 'model', tzOffsetMinutes: 0 }),
  ),
  /** `router rate`: the latest decision unless decisionId is given. */
  'rating.set': method<RatingDTO>()(
    z.strictObject({
      rating: z.enum(['good', 'bad']),
      comment: z.string().max(2000).optional(),
      decisionId: z.string().min(1).max(100).optional(),
    }),
  ),
  /**
   * Past decisions, attempts and requests from the ledger as events, oldest first, one page of at most
   * `limit` requests (hard cap MAX_HISTORY_PAGE, so no reply can stall the daemon): `next` is the
   * `after` of the following page, null on the last.
   */
  'events.history': method<{ events: RouterEvent[]; next: string | null }>()(
    z.strictObject({
      sinceMs: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(MAX_HISTORY_PAGE).default(1000),
      after: z
        .string()
        .regex(/^-?\d{1,16}:-?\d{1,19}$/, 'expected the `next` of an earlier page')
        .optional(),
    }),
  ),
  /** `router learn --data`: the daemon fits a difficulty model on the file, stores it versioned in router.db and uses it. */
  'learn.train': method<LearnStatusDTO>()(
    z.strictObject({
      data: z.string().min(1).max(4096),
      strong: z.string().min(1).max(300),
      weak: z.string().min(1).max(300),
      quality: z.number().gt(0).max(1).default(0.95),
    }),
  ),
  /** `router learn --from-ledger`: the same fit on the ledger's captured prompts and their labels (ratings, escalations, failures). */
  'learn.fromLedger': method<LearnStatusDTO>()(
    z.strictObject({
      strong: z.string().min(1).max(300),
      weak: z.string().min(1).max(300),
      quality: z.number().gt(0).max(1).default(0.95),
      /** ms epoch: only requests at or after it. */
      since: z.number().int().nonnegative().optional(),
    }),
  ),
  /** `router learn status`: the model in use, if any. */
  'learn.status': method<LearnStatusDTO>()(none),
  ...keyMethods,
  ...experimentMethods,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = NonNullable<Methods[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
