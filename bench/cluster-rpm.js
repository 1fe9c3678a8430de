// node bench/cluster-rpm.js [--rpm 60] [--daemons 3] [--clients 50] [--seconds 60]
// The done-when figure of team scale: one virtual key with --rpm N hammered through several daemons
// of one cluster (on the Redis at REDIS_URL, keys under a random cluster name, deleted after), each
// by its own concurrent clients that send again as soon as they have an answer, for whole minute
// windows. Prints per window the requests answered 200 (should be exactly N) and 429, and the
// retry-after the refusals carried. An answer is counted in the window it arrived in: the daemon
// admitted it before, in that window or (for an answer that straddles a boundary, counted apart as
// "straddling") in the one before. Counting by send time would be wrong the other way: the requests
// in flight at a boundary are admitted by the next window, in its first milliseconds.
/* global fetch -- Node 20's own. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { arg, benchDir, runMain, startDaemon, startMock } from './procs.js';

const rpm = Number(arg('--rpm', '60'));
const daemonCount = Number(arg('--daemons', '3'));
const clients = Number(arg('--clients', '50'));
const seconds = Number(arg('--seconds', '60'));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const name = `bench-rpm-${randomBytes(3).toString('hex')}`;
const body = JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'hi' }] });

async function main() {
  const redis = createClient({ url: redisUrl, socket: { reconnectStrategy: false, connectTimeout: 1000 } });
  redis.on('error', () => {});
  await redis.connect().catch(() => {
    console.error(`bench/cluster-rpm.js needs Redis at ${redisUrl} (set REDIS_URL)`);
    process.exit(1);
  });
  const dist = join(benchDir, '..', 'dist');
  const mock = await startMock();
  const extra = `auth: { required: true }\ncluster: { redis: "${redisUrl}", name: ${name} }\n`;
  const daemons = [];
  try {
    for (let i = 0; i < daemonCount; i++) daemons.push(await startDaemon(1, dist, mock.value, extra));
    // Let every daemon connect before the key is made (it reaches the others through the bus).
    await new Promise((r) => setTimeout(r, 1500));
    const created = execFileSync(
      process.execPath,
      [join(benchDir, '..', 'bin', 'run.js'), 'keys', 'create', 'drill', '--rpm', String(rpm), '--json'],
      {
        env: { ...process.env, ROUTER_HOME: daemons[0].home },
      },
    );
    const key = JSON.parse(created.toString()).key;
    await new Promise((r) => setTimeout(r, 500));

    // Start on a minute boundary, so the run covers whole windows.
    const start = Math.ceil((Date.now() + 1000) / 60_000) * 60_000;
    await new Promise((r) => setTimeout(r, start - Date.now()));
    const end = start + seconds * 1000;
    const windows = new Map();
    const retryAfter = new Set();
    const other = new Map();
    const client = async (port) => {
      while (Date.now() < end) {
        const sentAt = Date.now();
        const r = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
        await r.arrayBuffer();
        const doneAt = Date.now();
        const w = Math.floor(doneAt / 60_000) * 60_000;
        const counts = windows.get(w) ?? { ok: 0, refused: 0, straddling: 0 };
        windows.set(w, counts);
        if (r.status === 200) {
          counts.ok++;
          if (sentAt < w) counts.straddling++;
        } else if (r.status === 429) {
          counts.refused++;
          retryAfter.add(r.headers.get('retry-after'));
        } else other.set(r.status, (other.get(r.status) ?? 0) + 1);
      }
    };
    await Promise.all(daemons.flatMap((d) => Array.from({ length: clients }, () => client(d.value))));
    console.log(
      `key --rpm ${rpm}, ${daemonCount} daemons x ${clients} concurrent clients, ${seconds} s from ${new Date(start).toISOString()}`,
    );
    for (const [w, c] of [...windows].sort(([a], [b]) => a - b))
      console.log(
        `window ${new Date(w).toISOString().slice(11, 16)}${w >= end ? ' (after the run: answers still in flight)' : ''}: ${c.ok} x 200 (${c.straddling} sent in the window before), ${c.refused} x 429`,
      );
    const seen = [...retryAfter].map(Number).filter(Number.isFinite);
    if (seen.length) console.log(`retry-after on the 429s: ${Math.min(...seen)}-${Math.max(...seen)} s`);
    if (other.size) console.log(`other statuses: ${JSON.stringify(Object.fromEntries(other))}`);
  } finally {
    for await (const keys of redis.scanIterator({ MATCH: `router:${name}:*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
    redis.destroy();
  }
}

runMain(main);
