// Retention: ledger rows older than `ledger.retainDays` are deleted once a day (rollups stay, so
// `router stats` and budgets keep their history). `router reset` never touches the ledger.
import type { Config } from '../../config/schema.js';
import type { Ledger } from '../../store/types.js';
import type { Logger } from '../log.js';

const DAY_MS = 86_400_000;
/** Not at start-up: a restart loop must not turn into a prune loop, and start-up stays quick. */
const FIRST_RUN_MS = 60_000;

export function pruneLedger(ledger: Pick<Ledger, 'prune'>, config: Config, now: number): { cutoff: number; deleted: number } {
  const cutoff = now - config.ledger.retainDays * DAY_MS;
  return { cutoff, deleted: ledger.prune(cutoff) };
}

export function startRetention(ledger: Pick<Ledger, 'prune'>, config: () => Config, clock: () => number, log: Logger): () => void {
  const run = () => {
    const { cutoff, deleted } = pruneLedger(ledger, config(), clock());
    log.info('ledger.pruned', { olderThan: new Date(cutoff).toISOString(), rowsDeleted: deleted });
  };
  let daily: NodeJS.Timeout | null = null;
  const first = setTimeout(() => {
    run();
    daily = setInterval(run, DAY_MS);
    daily.unref();
  }, FIRST_RUN_MS);
  first.unref();
  return () => {
    clearTimeout(first);
    if (daily) clearInterval(daily);
  };
}
