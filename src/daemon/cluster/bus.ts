// The cluster's notice board: one pub/sub channel that every daemon of the cluster reads. Notices are
// small JSON objects tagged with the daemon that sent them; a daemon ignores its own.
import type { StateEvent } from '../../engine/types.js';
import type { RouterEvent } from '../../protocol/index.js';
import type { Logger } from '../log.js';
import type { RedisLink } from './link.js';

export type Notice =
  | { k: 'state'; e: StateEvent }
  /** A daemon wrote its spend: re-read the cluster's. */
  | { k: 'spend' }
  | { k: 'budgets' }
  /** A virtual key was created, revoked or rotated: re-read the keys. */
  | { k: 'keys' }
  /** Bandit observations made by the sender: [scope, target, reward] each. */
  | { k: 'bandit'; o: Array<[string, string, number]> }
  | { k: 'quota'; provider: string }
  /** Someone follows `router events` on the sender: publish events for the next while. */
  | { k: 'listening' };

type Handler = (notice: Notice, from: string) => void;

export class Bus {
  private readonly handlers: Handler[] = [];
  private readonly eventHandlers: Array<(e: RouterEvent) => void> = [];
  private subscribed = false;

  constructor(
    private readonly link: RedisLink,
    private readonly channels: { bus: string; events: string },
    readonly daemon: string,
    private readonly log: Logger,
  ) {
    // node-redis subscribes again by itself after a reconnect; only the first subscription is ours.
    link.onUp(() => void this.subscribe());
  }

  on(handler: Handler): void {
    this.handlers.push(handler);
  }

  onEvent(handler: (e: RouterEvent) => void): void {
    this.eventHandlers.push(handler);
  }

  /** Fire and forget: a notice lost while Redis is down is made good by the resync when it is back. */
  send(notice: Notice): void {
    if (this.link.state !== 'up') return;
    this.link.cmd.publish(this.channels.bus, JSON.stringify({ d: this.daemon, ...notice })).catch(() => {});
  }

  sendEvent(e: RouterEvent): void {
    if (this.link.state !== 'up') return;
    this.link.cmd.publish(this.channels.events, JSON.stringify(e)).catch(() => {});
  }

  private async subscribe(): Promise<void> {
    if (this.subscribed) return;
    this.subscribed = true;
    try {
      // One listener for both channels, so a retry after a half-done subscription cannot add a second.
      await this.link.sub.subscribe([this.channels.bus, this.channels.events], (message, channel) =>
        channel === this.channels.bus ? this.receive(message) : this.receiveEvent(message),
      );
    } catch (err) {
      this.subscribed = false;
      this.log.warn('cluster.subscribe_failed', { error: (err as Error).message });
    }
  }

  private receive(message: string): void {
    const parsed = parseObject(message);
    if (!parsed || typeof parsed.d !== 'string' || typeof parsed.k !== 'string' || parsed.d === this.daemon) return;
    for (const handler of this.handlers) handler(parsed as unknown as Notice, parsed.d);
  }

  private receiveEvent(message: string): void {
    const parsed = parseObject(message);
    if (!parsed || typeof parsed.type !== 'string' || parsed.daemon === this.daemon) return;
    for (const handler of this.eventHandlers) handler(parsed as unknown as RouterEvent);
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
