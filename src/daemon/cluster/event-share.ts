// `router events --follow` on one daemon sees the decisions of all. Every event is tagged with the
// daemon that made it; events go to Redis only while some daemon of the cluster has a follower (each
// such daemon says so on the bus every HEARTBEAT_MS), so a cluster nobody watches pays nothing.
import type { RouterEvent } from '../../protocol/index.js';
import type { Bus } from './bus.js';

const HEARTBEAT_MS = 1_000;
/** A follower elsewhere is presumed gone after missing this many heartbeats' time. */
const LISTENING_FOR_MS = 3 * HEARTBEAT_MS;
/** How often the local follower count is looked at (a new follower is announced within this). */
const CHECK_MS = 100;

export interface LocalEvents {
  broadcast(e: RouterEvent): void;
  subscriberCount(): number;
}

export class EventShare {
  private remoteUntil = 0;
  private lastBeat = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly bus: Bus,
    private readonly local: () => LocalEvents | null,
    private readonly clock: () => number,
  ) {
    bus.on((notice) => {
      if (notice.k === 'listening') this.remoteUntil = this.clock() + LISTENING_FOR_MS;
    });
    bus.onEvent((e) => {
      const local = this.local();
      if (local && local.subscriberCount() > 0) local.broadcast(e);
    });
    this.timer = setInterval(() => this.heartbeat(), CHECK_MS);
    this.timer.unref();
  }

  /** Someone, here or on another daemon, follows events: worth building them. */
  listening(): boolean {
    return (this.local()?.subscriberCount() ?? 0) > 0 || this.remoteUntil > this.clock();
  }

  broadcast(e: RouterEvent): void {
    const tagged: RouterEvent = { ...e, daemon: this.bus.daemon };
    this.local()?.broadcast(tagged);
    if (this.remoteUntil > this.clock()) this.bus.sendEvent(tagged);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private heartbeat(): void {
    const now = this.clock();
    if ((this.local()?.subscriberCount() ?? 0) === 0 || now - this.lastBeat < HEARTBEAT_MS) return;
    this.lastBeat = now;
    this.bus.send({ k: 'listening' });
  }
}
