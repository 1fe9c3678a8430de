// Redis for the cluster suites: whether one answers at REDIS_URL (the suites skip with a printed reason
// when not), a private redis-server for the tests that kill it, and cleanup of a test's own keys.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient, type RedisClientType } from '@redis/client';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export async function connectRedis(url = REDIS_URL): Promise<RedisClientType | null> {
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } }) as RedisClientType;
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch {
    client.destroy();
    return null;
  }
}

/** Null when Redis answers; else the reason the suite is skipped (printed once). */
export async function redisMissing(url = REDIS_URL): Promise<string | null> {
  const client = await connectRedis(url);
  if (!client) {
    const reason = `no Redis answers at ${url} (set REDIS_URL): skipping the cluster tests`;
    console.warn(reason);
    return reason;
  }
  client.destroy();
  return null;
}

/** Deletes every key under a prefix (SCAN, never FLUSH*: the Redis may be shared). */
export async function deleteKeys(client: RedisClientType, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.del(keys);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own, without persistence, so killing it loses everything (a real restart). */
export class OwnRedis {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const c = await connectRedis(this.url);
      if (c) return void c.destroy();
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  /** SIGKILL: no goodbye to the clients, the way a crash looks. */
  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }
}
