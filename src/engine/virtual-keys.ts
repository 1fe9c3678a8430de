// Virtual keys as policy: how a presented secret is recognised, how it is shown, and which of the
// key's limits refuses a request (and with which status). Pure: the daemon hashes and counts.
import type { ClientError } from '../wire/errors.js';

/** Secrets the router makes start with this, so a leaked one is recognisable (and greppable). */
export const VIRTUAL_KEY_PREFIX = 'sk-router-';

export type BudgetPeriod = 'daily' | 'monthly';

/** What the router keeps of a virtual key: never the secret, only its hash and last four characters. */
export interface KeyPolicy {
  name: string;
  budgetUsd?: number;
  budgetPeriod: BudgetPeriod;
  rpm?: number;
  tpm?: number;
  /** Route ids the key may use; absent: every route. */
  routes?: string[];
}

export function isVirtualKey(secret: string): boolean {
  return secret.startsWith(VIRTUAL_KEY_PREFIX) && secret.length > VIRTUAL_KEY_PREFIX.length;
}

/** How a key is shown after creation: enough to tell keys apart, never enough to use one. */
export function maskedKey(last4: string): string {
  return `sk-…${last4}`;
}

/** The secret a client sent: `Authorization: Bearer …` (OpenAI SDKs) or `x-api-key` (Anthropic SDKs). */
export function presentedSecret(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer /i.test(auth)) {
    const token = auth.slice(7).trim();
    if (token) return token;
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() ? apiKey.trim() : undefined;
}

export const unknownKeyError: ClientError = {
  status: 401,
  type: 'authentication_error',
  message: 'missing or invalid API key for this router',
};

/** 403 when the key is limited to routes and this request resolved to another one (or to no route). */
export function routeRefusal(key: KeyPolicy, route: string | null): ClientError | undefined {
  if (key.routes === undefined || (route !== null && key.routes.includes(route))) return undefined;
  const allowed = key.routes.join(', ') || 'none';
  const what = route === null ? 'a direct provider/model (no route)' : `route "${route}"`;
  return { status: 403, type: 'permission_error', message: `key "${key.name}" may not use ${what}; its routes: ${allowed}` };
}

/** The UTC day or month a budget is counted in: the key of the spend counter. */
export function budgetPeriodKey(period: BudgetPeriod, now: number): string {
  const iso = new Date(now).toISOString();
  return period === 'monthly' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** A budget admits while what is spent and what in-flight requests reserved stays under it. */
export function budgetAdmits(budgetUsd: number, spentUsd: number, reservedUsd: number): boolean {
  return spentUsd + reservedUsd < budgetUsd;
}

export function budgetRefusal(key: KeyPolicy, spentUsd: number): ClientError {
  const period = key.budgetPeriod === 'monthly' ? 'this month' : 'today';
  return {
    status: 402,
    type: 'billing_error',
    code: 'budget_exceeded',
    message: `key "${key.name}" is over its ${key.budgetPeriod} budget of $${key.budgetUsd} (spent $${spentUsd.toFixed(4)} ${period})`,
  };
}

export function rateRefusal(key: KeyPolicy, which: 'rpm' | 'tpm', retryAfterSec: number): ClientError {
  const limit = which === 'rpm' ? `${key.rpm} requests` : `${key.tpm} tokens`;
  return {
    status: 429,
    type: 'rate_limit_error',
    message: `key "${key.name}" is over its limit of ${limit} per minute; retry in ${retryAfterSec} s`,
    retryAfterSec,
  };
}

/** Output tokens a reservation assumes when the request sets no limit of its own. */
export const RESERVED_OUTPUT_TOKENS = 4096;

/**
 * What a request may cost at most, reserved against its key's budget before it is sent: the
 * estimated input plus its output limit, at the dearest price among the targets it may reach.
 */
export function reservationUsd(
  inputTokens: number,
  maxOutputTokens: number | undefined,
  prices: ReadonlyArray<{ input: number; output: number } | undefined>,
): number {
  const output = maxOutputTokens ?? RESERVED_OUTPUT_TOKENS;
  let most = 0;
  for (const p of prices) if (p) most = Math.max(most, (inputTokens * p.input + output * p.output) / 1_000_000);
  return most;
}
