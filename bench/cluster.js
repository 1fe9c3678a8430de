// node bench/cluster.js [--scenario json|sse|anthropic|responses] [--reps N] [--n N] [--aa]
// What `cluster:` costs one daemon: two daemons from this build side by side on core 1, A alone
// (SQLite only), B a member of a cluster on the Redis at REDIS_URL (default redis://127.0.0.1:6379,
// keys under a random cluster name, deleted after), each under its own h2load at the same time, so
// the machine's drift falls on both alike (see bench/ab.js). Prints CPU per request and throughput of
// each and B/A. The model is priced, so every request changes B's spend (written to Redis in batches).
// --aa starts B without the cluster too: the noise floor of the comparison on this machine.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { arg, benchDir, cpuSeconds, loadInBackground, need, runMain, startDaemon, startMock } from './procs.js';
import { prepare } from './scenarios.js';

const scenario = arg('--scenario', 'json');
const reps = Number(arg('--reps', '5'));
const n = Number(arg('--n', '10000'));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const name = `bench-${randomBytes(3).toString('hex')}`;
const aa = process.argv.includes('--aa');
const priced = `models:\n  "mock/bench-model": { price: { input: 3, output: 15 } }\n`;

async function main() {
  need('h2load', 'nghttp2-client');
  need('taskset', 'util-linux');
  const redis = createClient({ url: redisUrl, socket: { reconnectStrategy: false, connectTimeout: 1000 } });
  redis.on('error', () => {});
  await redis.connect().catch(() => {
    console.error(`bench/cluster.js needs Redis at ${redisUrl} (set REDIS_URL)`);
    process.exit(1);
  });
  const s = prepare(scenario, 'node bench/cluster.js [--scenario json|sse|anthropic|responses] [--reps N] [--n N]', true);
  const dist = join(benchDir, '..', 'dist');
  const mock = await startMock();
  const a = await startDaemon(1, dist, mock.value, priced);
  const b = await startDaemon(
    1,
    dist,
    mock.value,
    aa ? priced : `${priced}cluster: { redis: "${redisUrl}", name: ${name}, daemon: bench }\n`,
  );
  try {
    const both = (requests) =>
      Promise.all([loadInBackground(a.value, s.bodyFile, s.path, requests), loadInBackground(b.value, s.bodyFile, s.path, requests)]);
    await both(3000);
    console.log(
      `A: no cluster; B: ${aa ? 'no cluster either (A/A)' : `cluster ${name} on ${redisUrl}`}\n${scenario}, ${n} requests per rep, c=25 each, both on core 1\n`,
    );
    const ratios = [];
    for (let rep = 1; rep <= reps; rep++) {
      const before = [cpuSeconds(a.child.pid), cpuSeconds(b.child.pid)];
      const [rpsA, rpsB] = await both(n);
      const usA = ((cpuSeconds(a.child.pid) - before[0]) / n) * 1e6;
      const usB = ((cpuSeconds(b.child.pid) - before[1]) / n) * 1e6;
      ratios.push(usA / usB);
      console.log(
        `rep ${rep}: A ${usA.toFixed(0)} us, B ${usB.toFixed(0)} us CPU per request (${rpsA.toFixed(0)} / ${rpsB.toFixed(0)} req/s), throughput B/A by CPU ${(usA / usB).toFixed(3)}`,
      );
    }
    const sorted = [...ratios].sort((x, y) => x - y);
    console.log(
      `\nmedian throughput B/A (A's CPU per request / B's): ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} (target >= 0.90)`,
    );
    const spent = await redis.hGetAll(`router:${name}:spend:day:${new Date().toISOString().slice(0, 10)}`);
    console.log(`B's spend in Redis today: ${JSON.stringify(spent)} (nano-USD)`);
  } finally {
    for await (const keys of redis.scanIterator({ MATCH: `router:${name}:*` })) if (keys.length) await redis.del(keys);
    redis.destroy();
  }
}

runMain(main);
