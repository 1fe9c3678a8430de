// `router budget set|clear` through one daemon holds on all. The overrides stay where the spend
// service keeps them (the state repo, so a daemon without Redis still knows them); this wraps that
// repo so a change is also written to a Redis hash (one field per provider, so two daemons setting
// different providers at once do not undo each other) and announced; the others re-read the hash.
import type { StateRepo } from '../../store/types.js';
import type { BudgetOverride } from '../spend/overrides.js';
import { BUDGETS_KEY } from '../spend/overrides.js';
import type { Bus } from './bus.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

type Overrides = Record<string, BudgetOverride>;

export class BudgetShare {
  /** A change made while Redis was down: ours wins at the resync. */
  private unsent = false;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    private readonly bus: Bus,
    private readonly repo: StateRepo,
    /** The overrides changed under the spend service: recompute budgets. */
    private readonly onChange: () => void,
  ) {
    bus.on((notice) => {
      if (notice.k === 'budgets') void this.adopt();
    });
    link.onUp(() => void this.resync());
  }

  /** The repo to give the spend service: same as the store's, but budget changes go to the cluster. */
  wrap(): StateRepo {
    const repo = this.repo;
    return {
      get: (key) => repo.get(key),
      all: () => repo.all(),
      delete: (key) => repo.delete(key),
      set: (key, value) => {
        const before = key === BUDGETS_KEY ? (repo.get<Overrides>(BUDGETS_KEY) ?? {}) : null;
        repo.set(key, value);
        if (before) void this.write(before, (value ?? {}) as Overrides);
      },
    };
  }

  private async write(before: Overrides, after: Overrides): Promise<void> {
    const changed = Object.keys(after).filter((p) => JSON.stringify(after[p]) !== JSON.stringify(before[p]));
    const removed = Object.keys(before).filter((p) => !(p in after));
    if (changed.length === 0 && removed.length === 0) return;
    try {
      if (this.link.state !== 'up') throw new Error('redis down');
      const c = this.link.cmd;
      await Promise.all([
        changed.length > 0 ? c.hSet(this.keys.budgets, Object.fromEntries(changed.map((p) => [p, JSON.stringify(after[p])]))) : null,
        removed.length > 0 ? c.hDel(this.keys.budgets, removed) : null,
      ]);
      this.bus.send({ k: 'budgets' });
    } catch {
      this.unsent = true;
    }
  }

  /** Takes the cluster's overrides as ours. */
  private async adopt(): Promise<void> {
    try {
      const hash = await this.link.cmd.hGetAll(this.keys.budgets);
      const next: Overrides = {};
      for (const [provider, json] of Object.entries(hash)) next[provider] = JSON.parse(json) as BudgetOverride;
      if (JSON.stringify(next) === JSON.stringify(this.repo.get<Overrides>(BUDGETS_KEY) ?? {})) return;
      this.repo.set(BUDGETS_KEY, next);
      this.onChange();
    } catch {
      // Down again: the resync will read it.
    }
  }

  private async resync(): Promise<void> {
    const mine = this.repo.get<Overrides>(BUDGETS_KEY) ?? {};
    const exists = await this.link.cmd.exists(this.keys.budgets).catch(() => null);
    if (exists === null) return;
    // A change made here while away, or a Redis that forgot them: ours become the cluster's.
    if (this.unsent || (exists === 0 && Object.keys(mine).length > 0)) {
      this.unsent = false;
      const current = await this.link.cmd.hGetAll(this.keys.budgets).catch(() => null);
      if (current === null) return void (this.unsent = true);
      const theirs: Overrides = {};
      for (const [provider, json] of Object.entries(current)) theirs[provider] = JSON.parse(json) as BudgetOverride;
      await this.write(theirs, mine);
      return;
    }
    await this.adopt();
  }
}
