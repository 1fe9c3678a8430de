// npm run bench: the daemon against a bare proxy on this machine, under h2load, with the load
// generator and the mock upstream pinned to one core and the proxy under test to the other.
// Prints each figure and the ratio daemon/bare. Not a test: numbers depend on the machine.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planBench } from './plan-bench.js';
import { ledgerBench } from './ledger-bench.js';
import {
  arg,
  benchDir,
  benchTempDir,
  cpuSeconds,
  h2loadArgs,
  h2loadRps,
  need,
  runMain,
  startBare,
  startDaemon,
  startMock,
} from './procs.js';

const work = benchTempDir('router-bench-');
const quick = process.argv.includes('--quick');
// --only TEXT: just the scenarios whose name contains TEXT (e.g. --only anthropic).
const only = arg('--only', '');

let runs = 0;
function h2load(url, body, n, c) {
  const bodyFile = join(work, 'body.json');
  // h2load appends to an existing log file: every run gets its own.
  const logFile = join(work, `h2load-${++runs}.tsv`);
  writeFileSync(bodyFile, JSON.stringify(body));
  const out = execFileSync('taskset', h2loadArgs(n, c, bodyFile, url, ['--log-file', logFile]), { encoding: 'utf8' });
  const rps = h2loadRps(out);
  const failed = Number(/(\d+) failed/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/(\d+) 2xx/.exec(out)?.[1] ?? 0);
  const lat = readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => Number(l.split('\t')[2]));
  return { n, rps, lat, p50: percentile(lat, 0.5), failed, ok2xx: non2xx };
}

/** Latencies are in microseconds; the answer is in milliseconds. */
function percentile(lat, q) {
  const sorted = [...lat].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000;
}

/** An h2load run against `pid`, with the CPU it spent serving it. */
function measured(pid, url, body, n, c) {
  const before = cpuSeconds(pid);
  const r = h2load(url, body, n, c);
  return { ...r, cpu: cpuSeconds(pid) - before };
}

/** Many runs as one: requests over summed time, latencies pooled. */
function pooled(runs) {
  const n = runs.reduce((sum, r) => sum + r.n, 0);
  const seconds = runs.reduce((sum, r) => sum + r.n / r.rps, 0);
  const lat = runs.flatMap((r) => r.lat);
  const cpuPerRequest = runs.reduce((sum, r) => sum + r.cpu, 0) / n;
  return { rps: n / seconds, p50: percentile(lat, 0.5), cpuPerRequest, failed: runs.reduce((sum, r) => sum + r.failed, 0) };
}

// This machine's speed drifts by up to 2x within seconds (shared host), so bare and daemon are
// measured in short alternating slices and each side's slices are pooled: drift slower than a
// slice falls on both alike. The per-slice ratios are printed too, to show the spread.
const SLICES = quick ? 2 : 8;
const scenarios = [
  { name: 'json  c=1 ', stream: false, c: 1, n: quick ? 300 : 500 },
  { name: 'json  c=50', stream: false, c: 50, n: quick ? 2000 : 4000 },
  { name: 'sse   c=1 ', stream: true, c: 1, n: quick ? 300 : 500 },
  { name: 'sse   c=50', stream: true, c: 50, n: quick ? 2000 : 4000 },
  // An Anthropic client on an OpenAI upstream: the daemon re-frames every event. Only the daemon
  // speaks Anthropic, so its ratio is taken against the bare proxy's OpenAI stream at c=50.
  { name: 'anthropic<-openai sse c=50', stream: true, c: 50, n: quick ? 2000 : 4000, client: 'anthropic' },
  // A Responses client (Codex, the AI SDK) on a Chat Completions upstream, re-framed the same way.
  { name: 'responses<-openai sse c=50', stream: true, c: 50, n: quick ? 2000 : 4000, client: 'responses' },
];
const prompt = [{ role: 'user', content: 'Say something about foxes, briefly.' }];
const body = (s) => {
  if (s.client === 'anthropic') return { model: 'auto', max_tokens: 256, stream: s.stream, messages: prompt };
  if (s.client === 'responses') return { model: 'auto', stream: s.stream, input: prompt[0].content };
  return { model: 'auto', stream: s.stream, messages: prompt };
};
const clientPath = { anthropic: '/v1/messages', responses: '/v1/responses' };
const openAiUrl = (port) => `http://127.0.0.1:${port}/v1/chat/completions`;

/** The baseline: what the bare proxy is asked (an OpenAI stream for the translated scenarios). */
const baseline = (s) => (s.client ? { ...s, client: undefined } : s);

function compare(s, ports, pids) {
  const base = baseline(s);
  const daemonUrl = `http://127.0.0.1:${ports.daemon}${clientPath[s.client] ?? '/v1/chat/completions'}`;
  // Warm-up, the same for both: JIT, pools, SQLite pages. Too short a one flatters whichever side
  // is still slow during the first slices.
  h2load(openAiUrl(ports.bare), body(base), 3000, s.c);
  h2load(daemonUrl, body(s), 3000, s.c);
  const direct = h2load(openAiUrl(ports.mock), body(base), s.n, s.c);
  const bare = [];
  const daemon = [];
  for (let i = 0; i < SLICES; i++) {
    bare.push(measured(pids.bare, openAiUrl(ports.bare), body(base), s.n, s.c));
    daemon.push(measured(pids.daemon, daemonUrl, body(s), s.n, s.c));
  }
  const b = pooled(bare);
  const d = pooled(daemon);
  // Both proxies run their core flat out at c=50, so CPU per request is their throughput ratio with
  // less of the host's drift in it: a steadier figure to compare changes by (c=1 waits more than it works).
  const cpuRatio = b.cpuPerRequest / d.cpuPerRequest;
  return { direct, bare: b, daemon: d, ratio: d.rps / b.rps, cpuRatio, slices: daemon.map((r, i) => r.rps / bare[i].rps) };
}

async function main() {
  need('h2load', 'nghttp2-client');
  need('taskset', 'util-linux');
  const mock = await startMock();
  const bare = await startBare(1, mock.value);
  const daemon = await startDaemon(1, join(benchDir, '..', 'dist'), mock.value);
  const ports = { mock: mock.value, bare: bare.value, daemon: daemon.value };
  const pids = { bare: bare.child.pid, daemon: daemon.child.pid };
  const results = scenarios.filter((s) => s.name.includes(only)).map((s) => ({ s, r: compare(s, ports, pids) }));
  daemon.child.kill('SIGTERM');
  bare.child.kill();

  console.log(
    `\nllm-router bench (h2load, HTTP/1.1; mock + load generator on core 0, proxy on core 1; ledger on; ${SLICES} alternating slices each, pooled)\n`,
  );
  console.log(
    'scenario                    direct rps   bare rps  daemon rps  ratio  cpu ratio | p50 direct  bare  daemon  added-ratio | ratio per slice',
  );
  for (const { s, r } of results) {
    const added = (r.daemon.p50 - r.direct.p50) / Math.max(0.001, r.bare.p50 - r.direct.p50);
    const cpu = s.c === 1 ? '-' : r.cpuRatio.toFixed(2);
    console.log(
      `${s.name.padEnd(26)}  ${r.direct.rps.toFixed(0).padStart(10)} ${r.bare.rps.toFixed(0).padStart(10)} ${r.daemon.rps.toFixed(0).padStart(11)}  ${r.ratio.toFixed(2).padStart(5)}  ${cpu.padStart(9)} | ${r.direct.p50.toFixed(3).padStart(9)}ms ${r.bare.p50.toFixed(3)} ${r.daemon.p50.toFixed(3).padStart(6)}  ${added.toFixed(2).padStart(6)}      | ${r.slices.map((x) => x.toFixed(2)).join(' ')}` +
        (r.daemon.failed || r.bare.failed ? `  (failed: bare ${r.bare.failed}, daemon ${r.daemon.failed})` : ''),
    );
  }
  console.log('\nratio: daemon rps / bare rps (the targets below); cpu ratio: bare CPU per request / daemon CPU per request');
  console.log('targets: throughput ratio at c=50 >= 0.70; added p50 latency at c=1 (daemon - direct)/(bare - direct) <= 2.0;');
  console.log("         translated streams (anthropic<-openai, responses<-openai) >= 0.50 of the bare proxy's OpenAI stream");
  const plan = await planBench();
  console.log(`\nplan(): ${plan.perSecond.toFixed(0)} decisions/s on ${plan.shape} (target >= 100000)`);
  const ledger = await ledgerBench({ rows: quick ? 100_000 : 1_000_000 });
  console.log(
    `ledger: ${ledger.writesPerSecond.toFixed(0)} requests/s written in batches (target >= 5000); stats --days 30 over ${ledger.rows} rows: ${ledger.statsMs.toFixed(0)} ms (target < 1000)`,
  );
}

runMain(main);
