// node bench/ab.js --b DIR [--a DIR|bare] [--scenario anthropic|responses|sse|json|codex] [--pairs P] [--reps N] [--n N]
//   [--b-config YAML] [--b-otlp [--b-otlp-sample R] [--b-otlp-encoding protobuf|json]] [--a-otlp]
// Two daemon builds (dist directories; --a defaults to this checkout's dist) side by side on core 1,
// each under its own h2load at the same time, so the machine's drift falls on both alike. Prints
// the CPU each spent per request and B/A: below 1 means B is cheaper.
// One pair of processes can be biased for its whole life: two identical builds sharing a core have
// measured B/A 1.15-1.24 on every rep of one pair and 0.96-1.00 on the next pairs (why is not known:
// perhaps which one gets more work per wake-up). So the figure is taken over --pairs fresh pairs
// (default 6), started in turn A first and B first, and the median of their B/A is the result; the
// spread between pairs is printed with it. Two daemons on one core allocate at half speed and may
// never reach a full GC, so effects that only show after one need bench/trend.js. B's dist needs
// node_modules beside it, e.g.
// `git worktree add ../b REV && ln -s $PWD/node_modules ../b/ && (cd ../b && npx tsc -p tsconfig.build.json)`,
// then `--b ../b/dist`. `--b-otlp` turns trace export on in B only (to bench/otlp-sink.js on core 0):
// `--b dist --b-otlp` is the cost of telemetry.otlp on one build. `--a bare` puts the bare proxy in A,
// serving the OpenAI form of the scenario (a stream for the translated ones): A/B is then the bench's
// cpu ratio, measured side by side instead of one after the other. `--a-otlp` turns it on in A too,
// to compare two exporters (or two ablations of one).
import { join, resolve } from 'node:path';
import {
  arg,
  benchDir,
  cpuSeconds,
  loadInBackground,
  runMain,
  startBare,
  startDaemon,
  startMock,
  startOtlpSink,
  stopDaemon,
} from './procs.js';
import { prepare } from './scenarios.js';

const bareA = arg('--a', '') === 'bare';
const distA = bareA ? 'the bare proxy' : resolve(arg('--a', join(benchDir, '..', 'dist')));
const distB = arg('--b', '');
const scenario = arg('--scenario', 'anthropic');
const pairs = Number(arg('--pairs', '6'));
const reps = Number(arg('--reps', '1'));
const n = Number(arg('--n', '10000'));
const bOtlp = process.argv.includes('--b-otlp');
const aOtlp = process.argv.includes('--a-otlp');
// --b-otlp-sample R: B traces that share of requests (telemetry.otlp.sampleRatio).
const sampleRatio = Number(arg('--b-otlp-sample', '1'));
// --b-otlp-encoding E: telemetry.otlp.encoding in B (its default when not given).
const encoding = arg('--b-otlp-encoding', '');
// --b-config YAML: appended to B's config, e.g. --b-config 'ledger: { facts: false }' for what a setting costs.
const bConfig = arg('--b-config', '');

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const s = prepare(
    scenario,
    'node bench/ab.js --b DIST_DIR [--a DIST_DIR|bare] [--scenario anthropic|responses|sse|json|codex] [--pairs P] [--reps N] [--n N] [--b-config YAML] [--b-otlp [--b-otlp-sample R] [--b-otlp-encoding protobuf|json]] [--a-otlp]',
    distB !== '',
  );
  const sA = bareA ? prepare(s.baseline, '') : s;
  const mock = await startMock();
  const sink = bOtlp || aOtlp ? await startOtlpSink() : undefined;
  const otlp = [
    `endpoint: "http://127.0.0.1:${sink?.value}"`,
    `sampleRatio: ${sampleRatio}`,
    ...(encoding ? [`encoding: ${encoding}`] : []),
  ];
  const telemetry = sink ? `telemetry:\n  otlp: { ${otlp.join(', ')} }\n` : '';
  const startA = () => (bareA ? startBare(1, mock.value) : startDaemon(1, distA, mock.value, aOtlp ? telemetry : ''));
  const startB = () => startDaemon(1, resolve(distB), mock.value, (bOtlp ? telemetry : '') + (bConfig ? `${bConfig}\n` : ''));
  console.log(
    `A ${distA}${aOtlp ? ' with telemetry.otlp on' : ''}\nB ${resolve(distB)}${bOtlp ? ` with telemetry.otlp on (sampleRatio ${sampleRatio}, encoding ${encoding || 'default'})` : ''}${bConfig ? ` with ${bConfig}` : ''}\n` +
      `${scenario}, ${pairs} pairs x ${reps} rep(s) of ${n} requests, c=25 each, both on core 1\n`,
  );
  const ratios = [];
  const cpu = { a: [], b: [] };
  for (let pair = 1; pair <= pairs; pair++) {
    const bFirst = pair % 2 === 0;
    const first = await (bFirst ? startB() : startA());
    const second = await (bFirst ? startA() : startB());
    const [a, b] = bFirst ? [second, first] : [first, second];
    const both = (requests) =>
      Promise.all([loadInBackground(a.value, sA.bodyFile, sA.path, requests), loadInBackground(b.value, s.bodyFile, s.path, requests)]);
    await both(3000);
    const line = [];
    for (let rep = 1; rep <= reps; rep++) {
      const before = [cpuSeconds(a.child.pid), cpuSeconds(b.child.pid)];
      await both(n);
      const usA = ((cpuSeconds(a.child.pid) - before[0]) / n) * 1e6;
      const usB = ((cpuSeconds(b.child.pid) - before[1]) / n) * 1e6;
      ratios.push(usB / usA);
      cpu.a.push(usA);
      cpu.b.push(usB);
      line.push(`A ${usA.toFixed(0)} us, B ${usB.toFixed(0)} us, B/A ${(usB / usA).toFixed(3)}`);
    }
    console.log(`pair ${pair} (${bFirst ? 'B' : 'A'} started first): ${line.join('; ')}`);
    stopDaemon(a);
    stopDaemon(b);
  }
  const m = median(ratios);
  const sorted = [...ratios].sort((x, y) => x - y);
  console.log(
    `\nmedian B/A ${m.toFixed(3)} (pairs ranged ${sorted[0].toFixed(3)}-${sorted[sorted.length - 1].toFixed(3)}); median CPU per request A ${median(cpu.a).toFixed(0)} us, B ${median(cpu.b).toFixed(0)} us` +
      (bareA ? `; cpu ratio (bare/daemon) ${(1 / m).toFixed(3)}` : ''),
  );
  if (sink) {
    // B's last batch leaves within its flushMs (1 s).
    await new Promise((r) => setTimeout(r, 1500));
    const { spans } = await (await globalThis.fetch(`http://127.0.0.1:${sink.value}/`)).json();
    console.log(`spans exported${aOtlp && bOtlp ? ' by A and B' : aOtlp ? ' by A' : ' by B'}: ${spans}`);
  }
}

runMain(main);
