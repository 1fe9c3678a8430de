// Counters that must be exact across daemons, as Lua scripts: Redis runs each one as a single step,
// so a check and its update can never interleave with another daemon's. Time comes from Redis
// (TIME), not from the daemons, so windows agree whatever the daemons' clocks say.
// For rate limits and budget reservations (keys, providers); amounts are integers (e.g. nano-USD,
// tokens) so sums stay exact.
import { createHash } from 'node:crypto';
import type { RedisClient } from './link.js';

/**
 * Fixed window aligned to the epoch (a 60 s window runs from :00 to :00 of each minute).
 * KEYS[1] key base; ARGV: limit, cost, windowMs. Admits when count + cost <= limit.
 * Returns { admitted 0|1, count after, ms until the window ends }.
 */
const FIXED_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local window = math.floor(now / windowMs)
local key = KEYS[1] .. ':' .. window
local left = (window + 1) * windowMs - now
local count = tonumber(redis.call('GET', key) or '0')
if count + cost > limit then return {0, count, left} end
count = redis.call('INCRBY', key, cost)
redis.call('PEXPIRE', key, left + 1000)
return {1, count, left}
`;

/**
 * Budget reservation. KEYS[1] hash {spent, reserved}; KEYS[2] hash id -> amount; KEYS[3] zset id -> expiry ms.
 * Expired reservations (a daemon that died holding one) are released first.
 */
const RELEASE_EXPIRED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  local held = tonumber(redis.call('HGET', KEYS[2], id) or '0')
  redis.call('HINCRBY', KEYS[1], 'reserved', -held)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
`;

/** ARGV: id, amount, limit, ttlMs. Returns { reserved 0|1, spent, reserved total }. */
const RESERVE = `${RELEASE_EXPIRED}
local amount = tonumber(ARGV[2])
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return {0, spent, reserved} end
if spent + reserved + amount > tonumber(ARGV[3]) then return {0, spent, reserved} end
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
redis.call('HSET', KEYS[2], ARGV[1], amount)
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[1])
return {1, spent, reserved + amount}
`;

/** ARGV: id, actual cost (-1: release without spending). The real cost is added even if the reservation expired. Returns { had reservation 0|1, spent, reserved }. */
const SETTLE = `${RELEASE_EXPIRED}
local held = redis.call('HGET', KEYS[2], ARGV[1])
if held then
  redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
end
local actual = tonumber(ARGV[2])
if actual > 0 then redis.call('HINCRBY', KEYS[1], 'spent', actual) end
return {held and 1 or 0, tonumber(redis.call('HGET', KEYS[1], 'spent') or '0'), tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')}
`;

/**
 * A request and its tokens in one step (a key's or a provider's rpm and tpm), with the same rule as
 * the engine's windowRefuses: refused while requests >= rpm, or tokens >= tpm (a limit < 0 is none).
 * KEYS[1] requests base, KEYS[2] tokens base; ARGV: rpm, tpm, tokens, windowMs.
 * Returns { admitted 0|1, refused by 1 rpm | 2 tpm | 0, ms until the window ends, window number }.
 */
const REQUEST_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rpm = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
local windowMs = tonumber(ARGV[4])
local window = math.floor(now / windowMs)
local left = (window + 1) * windowMs - now
local rk = KEYS[1] .. ':' .. window
local tk = KEYS[2] .. ':' .. window
if rpm >= 0 and tonumber(redis.call('GET', rk) or '0') >= rpm then return {0, 1, left, window} end
if tpm >= 0 and tonumber(redis.call('GET', tk) or '0') >= tpm then return {0, 2, left, window} end
redis.call('INCR', rk)
redis.call('PEXPIRE', rk, left + 1000)
if tokens > 0 then
  redis.call('INCRBY', tk, tokens)
  redis.call('PEXPIRE', tk, left + 1000)
end
return {1, 0, left, window}
`;

/** The estimate becomes the real count: KEYS[1] a tokens window key; ARGV delta. Never below 0, never revives an ended window. */
const ADJUST_WINDOW = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local v = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
if v < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL') end
return 1
`;

/** A Lua script run by its SHA (shared with the cluster's other scripts, e.g. cache-store.ts). */
export class Script {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, loading the script once per Redis (again after a restart emptied its script cache). */
  async run(client: RedisClient, keys: string[], args: Array<string | number>): Promise<number[]> {
    const options = { keys, arguments: args.map(String) };
    try {
      return (await client.evalSha(this.sha, options)) as number[];
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return (await client.eval(this.source, options)) as number[];
    }
  }
}

const fixedWindowScript = new Script(FIXED_WINDOW);
const reserveScript = new Script(RESERVE);
const settleScript = new Script(SETTLE);
/**
 * A daemon's own spend of a budget, added once per Redis lifetime: KEYS[1] totals hash, KEYS[2] set
 * of daemons already counted in; ARGV: daemon, amount. A daemon that settled into the budget is in the
 * set already; a Redis restarted empty has forgotten them all, so each adds what its ledger holds.
 * Returns 1 when the amount was added.
 */
const SEED_BUDGET = `
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('HINCRBY', KEYS[1], 'spent', tonumber(ARGV[2])) end
return 1
`;

const requestWindowScript = new Script(REQUEST_WINDOW);
const seedBudgetScript = new Script(SEED_BUDGET);
const adjustWindowScript = new Script(ADJUST_WINDOW);

export interface WindowVerdict {
  admitted: boolean;
  /** Count in the current window after this call. */
  count: number;
  /** Until the window ends: what a 429's retry-after says. */
  retryAfterMs: number;
}

export async function takeFromWindow(client: RedisClient, key: string, limit: number, cost = 1, windowMs = 60_000): Promise<WindowVerdict> {
  const [admitted, count, left] = await fixedWindowScript.run(client, [key], [limit, cost, windowMs]);
  return { admitted: admitted === 1, count: count ?? 0, retryAfterMs: left ?? windowMs };
}

export interface BudgetKeys {
  totals: string;
  holds: string;
  expiries: string;
}

export const budgetKeys = (base: string): BudgetKeys & { counted: string } => ({
  totals: `${base}:totals`,
  counted: `${base}:counted`,
  holds: `${base}:holds`,
  expiries: `${base}:expiries`,
});

export interface BudgetFigures {
  ok: boolean;
  spent: number;
  reserved: number;
}

const keyList = (k: BudgetKeys): string[] => [k.totals, k.holds, k.expiries];
const figures = ([ok, spent, reserved]: number[]): BudgetFigures => ({ ok: ok === 1, spent: spent ?? 0, reserved: reserved ?? 0 });

/** Holds `amount` if spent + reserved + amount <= limit. A hold not settled within ttlMs is released. */
export async function reserveBudget(client: RedisClient, k: BudgetKeys, id: string, amount: number, limit: number, ttlMs = 600_000) {
  return figures(await reserveScript.run(client, keyList(k), [id, amount, limit, ttlMs]));
}

/** Releases the hold and adds what the request really cost. */
export async function settleBudget(client: RedisClient, k: BudgetKeys, id: string, actual: number) {
  return figures(await settleScript.run(client, keyList(k), [id, actual]));
}

/** Releases the hold without spending (the request failed before it cost anything). */
export async function releaseBudget(client: RedisClient, k: BudgetKeys, id: string) {
  return figures(await settleScript.run(client, keyList(k), [id, -1]));
}

export type RequestVerdict =
  | { admitted: true; /** Start of the window counted in (ms, Redis time). */ windowStart: number }
  | { admitted: false; which: 'rpm' | 'tpm'; retryAfterMs: number };

export interface RequestWindowKeys {
  requests: string;
  tokens: string;
}

/** Counts one request and its estimated tokens when neither limit is reached (see REQUEST_WINDOW). */
export async function takeRequestWindow(
  client: RedisClient,
  k: RequestWindowKeys,
  limits: { rpm?: number; tpm?: number },
  tokens: number,
  windowMs = 60_000,
): Promise<RequestVerdict> {
  const args = [limits.rpm ?? -1, limits.tpm ?? -1, Math.max(0, Math.round(tokens)), windowMs];
  const [admitted, which, left, window] = await requestWindowScript.run(client, [k.requests, k.tokens], args);
  if (admitted === 1) return { admitted: true, windowStart: (window ?? 0) * windowMs };
  return { admitted: false, which: which === 2 ? 'tpm' : 'rpm', retryAfterMs: left ?? windowMs };
}

/** Replaces a request's estimated tokens by its real count in the window it was counted in. */
export async function adjustTokens(client: RedisClient, k: RequestWindowKeys, windowStart: number, delta: number, windowMs = 60_000) {
  if (delta === 0) return;
  await adjustWindowScript.run(client, [`${k.tokens}:${Math.floor(windowStart / windowMs)}`], [Math.round(delta)]);
}

/** Adds a daemon's own spend to a budget unless that daemon is counted in already (see SEED_BUDGET). */
export async function seedBudget(
  client: RedisClient,
  k: BudgetKeys & { counted: string },
  daemon: string,
  amount: number,
): Promise<boolean> {
  const added = (await seedBudgetScript.run(client, [k.totals, k.counted], [daemon, amount])) as unknown as number;
  return added === 1;
}
