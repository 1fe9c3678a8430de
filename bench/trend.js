// node bench/trend.js [--dist DIR] [--scenario anthropic|responses|sse|json|codex] [--batches N] [--n N]
// One daemon alone on core 1 under h2load, batch after batch: CPU per request and resident memory
// of each batch. A figure that climbs after the first batches is a daemon getting slower with age
// (memory kept alive, a V8 GC mode, a table growing), which side-by-side runs of two builds can miss:
// each of those allocates at half speed and may never reach its first full GC.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { arg, benchDir, cpuSeconds, h2loadArgs, h2loadRps, runMain, startDaemon, startMock } from './procs.js';
import { prepare } from './scenarios.js';

const dist = resolve(arg('--dist', join(benchDir, '..', 'dist')));
const scenario = arg('--scenario', 'anthropic');
const batches = Number(arg('--batches', '12'));
const n = Number(arg('--n', '8000'));

const residentMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function main() {
  const s = prepare(scenario, 'node bench/trend.js [--dist DIR] [--scenario anthropic|responses|sse|json|codex] [--batches N] [--n N]');
  const mock = await startMock();
  const d = await startDaemon(1, dist, mock.value);
  console.log(`${dist}\n${scenario}, ${batches} batches of ${n} requests, c=50\n`);
  for (let i = 1; i <= batches; i++) {
    const before = cpuSeconds(d.child.pid);
    const out = execFileSync('taskset', h2loadArgs(n, 50, s.bodyFile, `http://127.0.0.1:${d.value}${s.path}`), { encoding: 'utf8' });
    const rps = h2loadRps(out);
    const us = ((cpuSeconds(d.child.pid) - before) / n) * 1e6;
    console.log(
      `batch ${String(i).padStart(2)}: ${us.toFixed(0)} us CPU per request, ${rps.toFixed(0)} req/s, ${residentMb(d.child.pid).toFixed(0)} MB resident`,
    );
  }
}

runMain(main);
