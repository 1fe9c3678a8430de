// A virtual key's checks on one planned request, in the order SPEC gives them: a route it may not
// use (403), its budget (402: a reservation of the request's most possible cost), its rpm and tpm
// (429 with retry-after). Refusals are the caller's, never a provider's: nothing here touches
// health, cooldowns or breakers. A cache hit passes through here too: it is a request like others.
import type { Config } from '../../config/schema.js';
import type { PlanOk } from '../../engine/plan.js';
import { catalogEntry } from '../../engine/prepare.js';
import { budgetPeriodKey, budgetRefusal, rateRefusal, reservationUsd, routeRefusal } from '../../engine/virtual-keys.js';
import type { ClientError } from '../../wire/errors.js';
import type { KeyCounters } from '../limits/types.js';
import type { Caller } from './caller.js';

/** An admitted key request's open counts, closed once when it is over. */
export interface KeyTicket {
  keyName: string;
  /** The real cost replaces the reservation; the real tokens replace the estimate in the tpm window. */
  finish(costUsd: number, tokens: number): void;
}

export type KeyAdmission = { ok: true; ticket?: KeyTicket } | { ok: false; error: ClientError };

export interface RequestSize {
  inputTokens: number;
  maxOutputTokens?: number;
}

export async function admitKey(
  caller: Caller,
  plan: PlanOk,
  size: RequestSize,
  config: Config,
  counters: KeyCounters,
  now: number,
): Promise<KeyAdmission> {
  if (caller.kind === 'anonymous') return { ok: true };
  if (caller.kind === 'config') return { ok: true, ticket: { keyName: 'config', finish: () => {} } };
  const key = caller.policy;
  const forbidden = routeRefusal(key, plan.route);
  if (forbidden) return { ok: false, error: forbidden };

  const period = budgetPeriodKey(key.budgetPeriod, now);
  let reservation: Awaited<ReturnType<KeyCounters['reserve']>> | undefined;
  if (key.budgetUsd !== undefined) {
    const usd = reservationUsd(
      size.inputTokens,
      size.maxOutputTokens,
      plan.attempts.map((t) => catalogEntry(config, t)?.price),
    );
    reservation = await counters.reserve(key.name, period, key.budgetUsd, usd);
    if (!reservation.ok) return { ok: false, error: budgetRefusal(key, reservation.spentUsd) };
  }
  const window = await counters.takeRequest(key.name, key, size.inputTokens, now);
  if (!window.ok) {
    if (reservation?.ok) counters.release(reservation.reservation);
    return { ok: false, error: rateRefusal(key, window.which, window.retryAfterSec) };
  }
  let open = true;
  return {
    ok: true,
    ticket: {
      keyName: key.name,
      finish(costUsd, tokens) {
        if (!open) return;
        open = false;
        if (reservation?.ok) counters.settle(reservation.reservation, costUsd);
        // Spend without a budget is still counted, so `router keys show` has it.
        else counters.settle({ key: key.name, period, usd: 0 }, costUsd);
        counters.settleTokens(key.name, window.windowStart, size.inputTokens, tokens, window.shared);
      },
    },
  };
}
