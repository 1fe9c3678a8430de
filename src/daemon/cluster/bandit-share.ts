// Bandit posteriors shared by the daemons of a cluster: each observation (a target's reward on a
// bandit route) is sent to the others, batched every FLUSH_MS, and applied there through the same
// update (BanditHolder.applyRemote), so every daemon's Thompson draws learn from the whole
// cluster's traffic. Each daemon keeps saving its book to its own router.db. A daemon that was away
// misses the observations made meanwhile; the discount (~33 observations of memory) soon makes
// the books agree again.
import type { BanditHolder } from '../learning/bandit-holder.js';
import type { Bus } from './bus.js';

const FLUSH_MS = 100;

export class BanditShare {
  private pending: Array<[string, string, number]> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: Bus,
    private readonly holder: BanditHolder,
  ) {
    holder.onObserve((scope, target, reward) => this.queue([scope, target, reward]));
    bus.on((notice) => {
      if (notice.k !== 'bandit' || !Array.isArray(notice.o)) return;
      for (const [scope, target, reward] of notice.o)
        if (typeof scope === 'string' && typeof target === 'string' && typeof reward === 'number')
          holder.applyRemote(scope, target, reward);
    });
  }

  stop(): void {
    this.holder.onObserve(null);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
  }

  private queue(o: [string, string, number]): void {
    this.pending.push(o);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private flush(): void {
    this.timer = null;
    if (this.pending.length === 0) return;
    this.bus.send({ k: 'bandit', o: this.pending });
    this.pending = [];
  }
}
