// Balance endpoints' answers. DeepSeek's /user/balance (amounts are strings):
//   { is_available, balance_infos: [{ currency, total_balance, granted_balance, topped_up_balance }] }
// and a generic form: `path` names the number in any JSON answer, e.g. "data.credits" or "balances[0].amount".
import type { BalanceAmountDTO } from '../../protocol/index.js';

export interface ParsedBalance {
  available: boolean | null;
  amounts: BalanceAmountDTO[];
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** "a.b[0].c" (a leading "$." is allowed). undefined when any step is missing. */
export function atPath(body: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '');
  let cur: unknown = body;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? (/^\d+$/.test(step) ? cur[Number(step)] : undefined) : (cur as Record<string, unknown>)[step];
  }
  return cur;
}

function deepseek(body: Record<string, unknown>): ParsedBalance {
  const infos = Array.isArray(body.balance_infos) ? body.balance_infos : [];
  const amounts: BalanceAmountDTO[] = [];
  for (const raw of infos) {
    const i = raw as Record<string, unknown>;
    const total = num(i?.total_balance);
    if (total === undefined) continue;
    amounts.push({
      currency: typeof i.currency === 'string' ? i.currency : '',
      total,
      granted: num(i.granted_balance),
      toppedUp: num(i.topped_up_balance),
    });
  }
  return { available: typeof body.is_available === 'boolean' ? body.is_available : null, amounts };
}

/** Throws when the answer has no balance where one was expected. */
export function parseBalance(body: unknown, path?: string): ParsedBalance {
  if (path !== undefined && path !== '') {
    const total = num(atPath(body, path));
    if (total === undefined) throw new Error(`no number at "${path}" in the balance answer`);
    return { available: total > 0, amounts: [{ currency: '', total }] };
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as Record<string, unknown>).balance_infos)) {
    throw new Error('balance answer has no balance_infos; set `balance.path` to the number to read');
  }
  return deepseek(body as Record<string, unknown>);
}
