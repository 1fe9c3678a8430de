// Processes the benchmarks run: pinned to a core with taskset, read from /proc. Linux only, like
// taskset itself.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL('.', import.meta.url));

/** The value after `name` on the command line, or `fallback` when it is not there. */
export const arg = (name, fallback) =>
  process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback;

/** Every process started here, so the caller can kill what is left on the way out. */
export const children = [];

/**
 * Temp directories made for a run (daemon homes, request bodies): removed on the way out, since a
 * daemon home holds the ledger of every request it served (tens of MB per bench run).
 */
const tempDirs = [];

/** A fresh directory under the system's temp folder, removed when the bench ends (runMain). */
export function benchTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Kills a started daemon and removes its home (bench/ab.js ends each pair this way). */
export function stopDaemon(d) {
  d.child.kill('SIGKILL');
  if (d.home) rmSync(d.home, { recursive: true, force: true });
}

export function need(cmd, pkg) {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
  } catch {
    console.error(`bench needs ${cmd}: apt-get install -y ${pkg}`);
    process.exit(1);
  }
}

/** Starts a node script pinned to a core; resolves with the first stdout line `ready` accepts. */
export function start(core, args, ready, env = {}) {
  // BENCH_NODE_FLAGS: V8/node flags for every process started here (some, e.g. --single-threaded-gc, NODE_OPTIONS refuses).
  const flags = process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [];
  const child = spawn('taskset', ['-c', String(core), process.execPath, ...flags, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      for (const line of buf.split('\n')) {
        const m = ready(line);
        if (m) return resolve({ child, value: m });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

const portLine = (l) => /^\d+$/.test(l) && Number(l);

/** The mock upstream on core 0: resolves with { child, value: port }. */
export const startMock = () => start(0, [join(benchDir, 'mock-upstream.js'), '0'], portLine);

/** The bare proxy in front of the mock, on `core`. */
export const startBare = (core, mockPort) => start(core, [join(benchDir, 'bare-proxy.js'), '0', String(mockPort)], portLine);

/** The OTLP receiver on core 0 (bench/otlp-sink.js): resolves with { child, value: port }. */
export const startOtlpSink = () => start(0, [join(benchDir, 'otlp-sink.js'), '0'], portLine);

/**
 * A daemon from the build in `dist` (a directory), on `core`, with its own home routing every request
 * to the mock; `extraYaml` is appended to its config (bench/cluster.js adds a `cluster:`, bench/ab.js a telemetry block).
 * Resolves with { child, value: port, home }.
 */
export async function startDaemon(core, dist, mockPort, extraYaml = '') {
  const home = benchTempDir('router-bench-home-');
  writeFileSync(
    join(home, 'config.yaml'),
    `providers:\n  mock: { type: openai-compatible, baseUrl: "http://127.0.0.1:${mockPort}/v1" }\nroutes:\n  bench: { targets: [mock/bench-model] }\n${extraYaml}`,
  );
  const started = (l) => {
    try {
      const rec = JSON.parse(l);
      return rec.msg === 'daemon.started' && Number(rec.listen.split(':').pop());
    } catch {
      return false;
    }
  };
  // The V8 flags `router daemon start` gives it (none in builds older than the export).
  const launcher = await import(join(dist, 'cli', 'daemon-launcher.js')).catch(() => ({}));
  const flags = launcher.daemonNodeFlags ?? [];
  return start(core, [...flags, join(dist, 'daemon', 'main.js'), '--listen', '127.0.0.1:0'], started, { ROUTER_HOME: home }).then((d) => ({
    ...d,
    home,
  }));
}

/** taskset arguments that run h2load on core 0: `n` JSON POSTs of `bodyFile` to `url`, `c` at a time. */
export function h2loadArgs(n, c, bodyFile, url, extra = []) {
  return [
    '-c',
    '0',
    'h2load',
    '--h1',
    '-n',
    String(n),
    '-c',
    String(c),
    '-d',
    bodyFile,
    '-H',
    'content-type: application/json',
    ...extra,
    url,
  ];
}

/** Requests per second from h2load's summary. */
export const h2loadRps = (out) => Number(/finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(out)?.[1] ?? NaN);

/** h2load at c=25 without blocking (two daemons loaded at once); resolves with req/s, rejects on any failed request. */
export function loadInBackground(port, bodyFile, path, requests) {
  return new Promise((done, fail) => {
    const h = spawn('taskset', h2loadArgs(requests, 25, bodyFile, `http://127.0.0.1:${port}${path}`), {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    h.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    h.once('exit', (code) => {
      const failed = Number(/(\d+) failed/.exec(out)?.[1] ?? NaN);
      if (code !== 0 || failed !== 0) fail(new Error(`h2load against port ${port}: exit ${code}, ${failed} failed`));
      else done(h2loadRps(out));
    });
  });
}

/** CPU seconds the process (all its threads) has used so far: utime + stime, fields 14 and 15 of stat(5). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs a benchmark's main; whatever it started is killed when it ends, also on failure. */
export function runMain(main) {
  main()
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => {
      for (const c of children) c.kill('SIGKILL');
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    });
}
