// UVI quota snapshots shared by the daemons of a cluster: a figure one daemon fetched is written to a
// Redis hash and announced; the others take it when it is newer than theirs (Poller.adopt), which also
// puts off their own fetch of that source, so a cluster polls a quota endpoint about once per interval.
import type { QuotaWindow } from '../../engine/uvi.js';
import type { Poller } from '../quota/poller.js';
import type { Bus } from './bus.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

interface SharedQuota {
  value: QuotaWindow[];
  fetchedAt: number;
}

export class QuotaShare {
  private poller: Poller<QuotaWindow[]> | null = null;
  private onChange: () => void = () => {};
  /** fetchedAt of the figure last written per provider, so a failed fetch writes nothing. */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    private readonly bus: Bus,
  ) {
    bus.on((notice) => {
      if (notice.k === 'quota') void this.read([notice.provider]);
    });
    link.onUp(() => void this.read(null));
  }

  /** The spend service's quota poller, once it exists; `onChange` recomputes pacing. */
  attach(poller: Poller<QuotaWindow[]>, onChange: () => void): void {
    this.poller = poller;
    this.onChange = onChange;
    if (this.link.state === 'up') void this.read(null);
  }

  /** This daemon fetched a provider's quota: share it if that gave a new figure. */
  fetched(provider: string): void {
    const s = this.poller?.get(provider);
    if (!s?.value || s.fetchedAt === undefined || this.written.get(provider) === s.fetchedAt || this.link.state !== 'up') return;
    this.written.set(provider, s.fetchedAt);
    const shared: SharedQuota = { value: s.value, fetchedAt: s.fetchedAt };
    this.link.cmd
      .hSet(this.keys.quota, provider, JSON.stringify(shared))
      .then(() => this.bus.send({ k: 'quota', provider }))
      .catch(() => this.written.delete(provider));
  }

  /** Takes the cluster's figures (all, or some providers') that are newer than ours. */
  private async read(providers: string[] | null): Promise<void> {
    const poller = this.poller;
    if (!poller) return;
    try {
      const entries: Array<[string, string | null]> = providers
        ? await Promise.all(providers.map(async (p) => [p, await this.link.cmd.hGet(this.keys.quota, p)] as [string, string | null]))
        : Object.entries(await this.link.cmd.hGetAll(this.keys.quota));
      let changed = false;
      for (const [provider, json] of entries) {
        if (json === null) continue;
        const q = JSON.parse(json) as SharedQuota;
        if (poller.adopt(provider, q.value, q.fetchedAt)) {
          this.written.set(provider, q.fetchedAt);
          changed = true;
        }
      }
      if (changed) this.onChange();
    } catch {
      // Down again: the resync reads them all.
    }
  }
}
