// Cooldowns, breakers and the active route shared by every daemon of the cluster. A local event that
// changes them is published on the bus; the other daemons apply it through the same reducer
// (StateHolder.applyRemote), so a failure one daemon sees is avoided by all within a round trip.
// A snapshot in Redis (health, route) is what a daemon reads when it (re)connects.
import { prune } from '../../engine/reduce.js';
import type { Breaker, Cooldown, RouterState, StateEvent } from '../../engine/types.js';
import type { StateHolder } from '../state/holder.js';
import type { Bus } from './bus.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

/** Snapshot writes under a burst of failures are coalesced to one per this gap. */
const SNAPSHOT_GAP_MS = 200;
/** Longer than any cooldown (cooldowns.maxSeconds defaults to an hour): a forgotten snapshot goes away. */
const SNAPSHOT_TTL_MS = 6 * 3_600_000;

/** Events other daemons must see: the ones that changed health, and operator actions. */
export function isShared(event: StateEvent, before: RouterState, after: RouterState): boolean {
  switch (event.type) {
    case 'route.switched':
    case 'circuit.reset':
    case 'state.reset':
      return true;
    case 'attempt.started':
    case 'attempt.succeeded':
    case 'attempt.failed':
      return before.cooldowns !== after.cooldowns || before.breakers !== after.breakers;
    default:
      return false;
  }
}

interface HealthSnapshot {
  cooldowns: Record<string, Cooldown>;
  breakers: Record<string, Breaker>;
}

export class StateShare {
  private snapshotTimer: NodeJS.Timeout | null = null;
  /** A switch made while Redis was down: ours wins at the resync instead of Redis's older one. */
  private routeUnsent = false;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    private readonly bus: Bus,
    private readonly holder: StateHolder,
    private readonly clock: () => number,
  ) {
    holder.observe((event, before, after) => {
      if (isShared(event, before, after)) this.publish(event);
    });
    bus.on((notice) => {
      if (notice.k === 'state') holder.applyRemote(notice.e);
    });
    link.onUp(() => void this.resync());
  }

  stop(): void {
    this.holder.observe(null);
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = null;
  }

  private publish(event: StateEvent): void {
    this.bus.send({ k: 'state', e: event });
    if (event.type === 'route.switched') void this.writeRoute(event.route);
    this.scheduleSnapshot();
  }

  private async writeRoute(route: string | null): Promise<void> {
    try {
      if (this.link.state !== 'up') throw new Error('redis down');
      await this.link.cmd.set(this.keys.route, JSON.stringify(route));
      this.routeUnsent = false;
    } catch {
      this.routeUnsent = true;
    }
  }

  private scheduleSnapshot(): void {
    if (this.snapshotTimer) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      void this.writeSnapshot();
    }, SNAPSHOT_GAP_MS);
    this.snapshotTimer.unref();
  }

  private async writeSnapshot(): Promise<void> {
    if (this.link.state !== 'up') return;
    const s = prune(this.holder.current, this.clock());
    const snapshot: HealthSnapshot = { cooldowns: s.cooldowns, breakers: s.breakers };
    await this.link.cmd.set(this.keys.health, JSON.stringify(snapshot), { PX: SNAPSHOT_TTL_MS }).catch(() => {});
  }

  /** On every (re)connection: take the cluster's route and health, and give it ours. */
  private async resync(): Promise<void> {
    try {
      const [route, health] = await Promise.all([this.link.cmd.get(this.keys.route), this.link.cmd.get(this.keys.health)]);
      const local = this.holder.current.activeRoute;
      if (this.routeUnsent || (route === null && local !== null)) {
        // A switch made here while Redis was down, or a Redis that forgot (restarted): ours is the cluster's now.
        await this.writeRoute(local);
        this.bus.send({ k: 'state', e: { type: 'route.switched', route: local } });
      } else if (route !== null) {
        const shared = JSON.parse(route) as string | null;
        if (shared !== local) this.holder.applyRemote({ type: 'route.switched', route: shared });
      }
      if (health !== null) {
        const h = JSON.parse(health) as HealthSnapshot;
        this.holder.applyRemote({ type: 'health.merged', cooldowns: h.cooldowns ?? {}, breakers: h.breakers ?? {} });
      }
      this.scheduleSnapshot();
    } catch {
      // The link went down again; the next onUp resyncs.
    }
  }
}
