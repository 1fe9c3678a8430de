// node bench/breakdown.js [--scenario responses|anthropic|sse|json|codex] [--n 30000] [--dist DIR] [--config YAML] [--top N] [--json]
// Where a request's CPU goes, the daemon against the bare proxy. Each runs alone on core 1 under h2load
// at c=50 (core 0, with the mock upstream), sampled by `perf record` with V8's JIT symbols. A sample
// counts for the nearest JavaScript frame on its stack (with the native code it called: JSON.stringify
// under the ledger's writer counts as the ledger): the router's rooms by folder, undici, Node's core,
// the ledger. Samples without one are GC, the event loop and socket reads, or other native work;
// samples in a socket write's native code count as socket writes, whoever called it. The CPU each
// spent per request (/proc) is split by the sample shares. The bare proxy serves the OpenAI form of
// the scenario (a stream for the translated ones), as in bench/run.js. `--top N` adds the daemon's N
// costliest nearest frames (functions), to say what to look at next. Needs perf (linux-perf).
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { arg, benchDir, benchTempDir, cpuSeconds, h2loadArgs, need, runMain, startBare, startDaemon, startMock } from './procs.js';
import { prepare } from './scenarios.js';

const scenario = arg('--scenario', 'responses');
const n = Number(arg('--n', '30000'));
const dist = arg('--dist', join(benchDir, '..', 'dist'));
const config = arg('--config', '');
const asJson = process.argv.includes('--json');
const top = Number(arg('--top', '0'));

/** The category of one sample: its frames leaf first, as `perf script` prints them. */
function category(frames) {
  if (frames.some((f) => /StreamBase::(Writev|WriteString|WriteBuffer)/.test(f))) return 'socket writes (syscall and copy)';
  const js = frames.find((f) => f.startsWith('JS:'));
  if (js === undefined) {
    if (frames.some((f) => /Scaveng|MarkCompact|ConcurrentMarking|Sweeper|Heap::|MinorMark|ArrayBufferSweeper/.test(f))) return 'GC';
    if (frames.some((f) => /uv__io_poll|uv__read|epoll/.test(f))) return 'event loop and socket reads';
    return 'other native';
  }
  const file = js.replace(/^JS:[*~^]?\S*\s+/, '');
  if (/node_modules\/undici\//.test(file)) return 'undici (the upstream client)';
  if (/node_modules\/better-sqlite3\/|\/dist\/store\//.test(file)) return 'ledger (dist/store, SQLite)';
  if (/^node:/.test(file)) return "Node's core (http, streams, timers, promises)";
  const room = /\/dist\/(\w+)\/(?:(\w+)\/)?/.exec(file);
  if (room) return `dist/${room[1]}${room[1] === 'daemon' && room[2] ? `/${room[2]}` : ''}`;
  if (/\/bench\//.test(file)) return 'the bare proxy (bench/bare-proxy.js)';
  return 'other JavaScript';
}

/** CPU per request (µs) by category, for a proxy already warmed up and listening at `url`. */
function profile(pid, url, bodyFile, work) {
  const data = join(work, `perf-${pid}.data`);
  const perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '2000', '-g', '-p', String(pid), '-o', data], { stdio: 'ignore' });
  execFileSync('sleep', ['0.3']);
  const before = cpuSeconds(pid);
  execFileSync('taskset', h2loadArgs(n, 50, bodyFile, url), { encoding: 'utf8' });
  const usPerRequest = ((cpuSeconds(pid) - before) / n) * 1e6;
  perf.kill('SIGINT');
  return new Promise((resolve) =>
    perf.once('exit', () => {
      const script = execFileSync('perf', ['script', '-i', data, '-F', 'ip,sym'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const counts = new Map();
      const frames = new Map();
      let samples = 0;
      for (const block of script.split('\n\n')) {
        const stack = block
          .split('\n')
          .map((l) => l.trim().replace(/^[0-9a-f]+\s+/, ''))
          .filter(Boolean);
        if (stack.length === 0) continue;
        samples++;
        const c = category(stack);
        counts.set(c, (counts.get(c) ?? 0) + 1);
        const nearest = stack.find((f) => f.startsWith('JS:')) ?? stack[0];
        frames.set(nearest, (frames.get(nearest) ?? 0) + 1);
      }
      const share = (entries) => Object.fromEntries(entries.map(([c, k]) => [c, (k / samples) * usPerRequest]));
      const costliest = [...frames].sort((a, b) => b[1] - a[1]).slice(0, top);
      resolve({ usPerRequest, samples, us: share([...counts]), frames: share(costliest) });
    }),
  );
}

async function main() {
  need('perf', 'linux-perf');
  const s = prepare(
    scenario,
    'node bench/breakdown.js [--scenario anthropic|responses|sse|json|codex] [--n N] [--dist DIR] [--config YAML] [--json]',
  );
  const base = prepare(s.baseline, '');
  const work = benchTempDir('router-breakdown-');
  // V8 writes /tmp/perf-PID.map for perf to name JIT code by; removed with the run.
  process.env.BENCH_NODE_FLAGS = [process.env.BENCH_NODE_FLAGS, '--perf-basic-prof-only-functions'].filter(Boolean).join(' ');
  const mock = await startMock();
  const results = {};
  for (const who of ['bare', 'daemon']) {
    const p = who === 'bare' ? await startBare(1, mock.value) : await startDaemon(1, dist, mock.value, config ? `${config}\n` : '');
    const [path, bodyFile] = who === 'bare' ? [base.path, base.bodyFile] : [s.path, s.bodyFile];
    const url = `http://127.0.0.1:${p.value}${path}`;
    execFileSync('taskset', h2loadArgs(5000, 50, bodyFile, url), { encoding: 'utf8' });
    results[who] = await profile(p.child.pid, url, bodyFile, work);
    p.child.kill('SIGKILL');
    rmSync(`/tmp/perf-${p.child.pid}.map`, { force: true });
  }
  mock.child.kill('SIGKILL');
  rmSync(`/tmp/perf-${mock.child.pid}.map`, { force: true });
  if (asJson) return console.log(JSON.stringify({ scenario, n, ...results }, null, 2));
  const { bare, daemon } = results;
  const rows = [...new Set([...Object.keys(daemon.us), ...Object.keys(bare.us)])].sort((a, b) => (daemon.us[b] ?? 0) - (daemon.us[a] ?? 0));
  console.log(`${scenario}: CPU per request by category, µs (perf, ${n} requests at c=50 each; the bare proxy serves the OpenAI form)\n`);
  console.log(`${'category'.padEnd(48)} ${'bare'.padStart(7)} ${'daemon'.padStart(7)} ${'+'.padStart(7)}`);
  const fmt = (x) => (x ?? 0).toFixed(1).padStart(7);
  for (const c of rows)
    console.log(`${c.padEnd(48)} ${fmt(bare.us[c])} ${fmt(daemon.us[c])} ${fmt((daemon.us[c] ?? 0) - (bare.us[c] ?? 0))}`);
  console.log(
    `${'total (utime + stime)'.padEnd(48)} ${fmt(bare.usPerRequest)} ${fmt(daemon.usPerRequest)} ${fmt(daemon.usPerRequest - bare.usPerRequest)}`,
  );
  if (top > 0) {
    console.log(`\nthe daemon's ${top} costliest nearest frames, µs per request:`);
    for (const [f, us] of Object.entries(daemon.frames))
      console.log(`${us.toFixed(1).padStart(7)}  ${f.replace(/file:\/\/\S*?\/(dist|node_modules)\//, '$1/')}`);
  }
  console.log(
    `\ncpu ratio (bare/daemon): ${(bare.usPerRequest / daemon.usPerRequest).toFixed(3)}; samples: bare ${bare.samples}, daemon ${daemon.samples}`,
  );
}

runMain(main);
