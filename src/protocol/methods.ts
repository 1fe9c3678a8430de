// The one method table shared by the CLI client and the daemon. Each method is declared once: its
// params schema (validated at the daemon's edge) and its result type. The daemon's handler map is
// typed from this table, so a method without a handler does not compile.
import { z } from 'zod';
import type { CircuitDTO, ConfigView, CooldownDTO, DecisionDTO, FlagsDTO, HelloResult, ReloadResult, StatusDTO, StopResult } from './dto.js';

export const PROTOCOL_VERSION = 1;
/** Largest control message the daemon reads; larger ones get a TooLarge error. */
export const MAX_RPC_MESSAGE_BYTES = 1024 * 1024;
/** Notification method name used for `events.subscribe` deliveries. */
export const EVENT_NOTIFICATION = 'event';

interface MethodSpec<P extends z.ZodType, R> {
  params: P;
  /** Phantom: carries the result type only. */
  result?: R;
}

function method<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params });
}

const none = z.strictObject({}).default({});

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
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = NonNullable<Methods[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
