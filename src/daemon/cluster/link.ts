// The daemon's two Redis connections (commands, and a subscriber that pub/sub needs to itself) and
// what the rest of the daemon sees of their health. Redis down is an expected state, not an error:
// commands fail at once instead of queueing (nothing waits on Redis), reconnects back off up to
// MAX_BACKOFF_MS, and the log gets one line when the link goes down and one when it is back.
import { createClient, type RedisClientType } from '@redis/client';
import type { Logger } from '../log.js';

export type LinkState = 'connecting' | 'up' | 'down';
export type RedisClient = RedisClientType;

const BASE_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;
const CONNECT_TIMEOUT_MS = 2_000;

/** Exponential, capped, with jitter so several daemons do not reconnect in lockstep. */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(retries, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** redis://user:secret@host -> redis://user:***@host: the URL as status and logs may show it. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*)@/, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return `${scheme}${colon < 0 ? '***' : `${auth.slice(0, colon)}:***`}@`;
  });
}

export class RedisLink {
  readonly cmd: RedisClient;
  readonly sub: RedisClient;
  private linkState: LinkState = 'connecting';
  private changedAt: number;
  private error: string | null = null;
  private readonly upListeners: Array<() => void> = [];
  private closed = false;

  constructor(
    readonly url: string,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.changedAt = clock();
    this.cmd = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => reconnectDelay(retries) },
    }) as RedisClient;
    this.sub = this.cmd.duplicate();
    for (const client of [this.cmd, this.sub]) {
      client.on('error', (err: Error) => this.down(err.message));
      client.on('reconnecting', () => this.down(this.error ?? 'connection lost'));
      client.on('end', () => this.down('connection closed'));
      client.on('ready', () => this.maybeUp());
    }
  }

  /** Starts connecting in the background; never throws, never waits for Redis. */
  start(): void {
    for (const client of [this.cmd, this.sub]) client.connect().catch((err: Error) => this.down(err.message));
  }

  get state(): LinkState {
    return this.linkState;
  }

  get since(): number {
    return this.changedAt;
  }

  get lastError(): string | null {
    return this.error;
  }

  /** Called on every (re)connection of both clients: the place to resync. */
  onUp(listener: () => void): void {
    this.upListeners.push(listener);
    if (this.linkState === 'up') listener();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.cmd, this.sub].map((c) => (c.isOpen ? c.close().catch(() => c.destroy()) : undefined)));
  }

  private maybeUp(): void {
    if (this.closed || !this.cmd.isReady || !this.sub.isReady || this.linkState === 'up') return;
    const wasDown = this.linkState === 'down';
    this.linkState = 'up';
    this.changedAt = this.clock();
    this.error = null;
    this.log.info(wasDown ? 'cluster.redis_back' : 'cluster.redis_connected', { redis: redactRedisUrl(this.url) });
    for (const listener of this.upListeners) listener();
  }

  private down(message: string): void {
    if (this.closed) return;
    this.error = message;
    if (this.linkState === 'down') return;
    const wasUp = this.linkState === 'up';
    this.linkState = 'down';
    this.changedAt = this.clock();
    // One line per outage, whatever the number of reconnect attempts.
    this.log.warn(wasUp ? 'cluster.redis_lost' : 'cluster.redis_unreachable', { redis: redactRedisUrl(this.url), error: message });
  }
}
