// node bench/ab.js --b DIR [--a DIR] [--scenario anthropic|responses|sse|json] [--reps N] [--n N]
//   [--b-otlp [--b-otlp-sample R] [--b-otlp-encoding protobuf|json]]
// Two daemon builds (dist directories; --a defaults to this checkout's dist) side by side on core 1,
// each under its own h2load at the same time, so the machine's drift falls on both alike. Prints
// the CPU each spent per request and B/A: below 1 means B is cheaper. An A/A run shows the noise
// floor (a few percent on a shared host). Two daemons on one core allocate at half speed and may
// never reach a full GC, so effects that only show after one need bench/trend.js. B's dist needs
// node_modules beside it, e.g.
// `git worktree add ../b REV && ln -s $PWD/node_modules ../b/ && (cd ../b && npx tsc -p tsconfig.build.json)`,
// then `--b ../b/dist`. `--b-otlp` turns trace export on in B only (to bench/otlp-sink.js on core 0):
// `--b dist --b-otlp` is the cost of telemetry.otlp on one build.
import { join, resolve } from 'node:path';
import { arg, benchDir, cpuSeconds, loadInBackground, runMain, startDaemon, startMock, startOtlpSink } from './procs.js';
import { prepare } from './scenarios.js';

const distA = resolve(arg('--a', join(benchDir, '..', 'dist')));
const distB = arg('--b', '');
const scenario = arg('--scenario', 'anthropic');
const reps = Number(arg('--reps', '3'));
const n = Number(arg('--n', '15000'));
const bOtlp = process.argv.includes('--b-otlp');
// --b-otlp-sample R: B traces that share of requests (telemetry.otlp.sampleRatio).
const sampleRatio = Number(arg('--b-otlp-sample', '1'));
// --b-otlp-encoding E: telemetry.otlp.encoding in B (its default when not given).
const encoding = arg('--b-otlp-encoding', '');

async function main() {
  const s = prepare(
    scenario,
    'node bench/ab.js --b DIST_DIR [--a DIST_DIR] [--scenario anthropic|responses|sse|json] [--reps N] [--n N] [--b-otlp [--b-otlp-sample R] [--b-otlp-encoding protobuf|json]]',
    distB !== '',
  );
  const mock = await startMock();
  const a = await startDaemon(1, distA, mock.value);
  const sink = bOtlp ? await startOtlpSink() : undefined;
  const otlp = [
    `endpoint: "http://127.0.0.1:${sink?.value}"`,
    `sampleRatio: ${sampleRatio}`,
    ...(encoding ? [`encoding: ${encoding}`] : []),
  ];
  const telemetry = sink ? `telemetry:\n  otlp: { ${otlp.join(', ')} }\n` : '';
  const b = await startDaemon(1, resolve(distB), mock.value, telemetry);
  const both = (requests) =>
    Promise.all([loadInBackground(a.value, s.bodyFile, s.path, requests), loadInBackground(b.value, s.bodyFile, s.path, requests)]);
  await both(3000);
  console.log(
    `A ${distA}\nB ${resolve(distB)}${sink ? ` with telemetry.otlp on (sampleRatio ${sampleRatio}, encoding ${encoding || 'default'})` : ''}\n${scenario}, ${n} requests per rep, c=25 each, both on core 1\n`,
  );
  for (let rep = 1; rep <= reps; rep++) {
    const before = [cpuSeconds(a.child.pid), cpuSeconds(b.child.pid)];
    await both(n);
    const usA = ((cpuSeconds(a.child.pid) - before[0]) / n) * 1e6;
    const usB = ((cpuSeconds(b.child.pid) - before[1]) / n) * 1e6;
    console.log(`rep ${rep}: A ${usA.toFixed(0)} us, B ${usB.toFixed(0)} us CPU per request, B/A ${(usB / usA).toFixed(3)}`);
  }
  if (sink) {
    // B's last batch leaves within its flushMs (1 s).
    await new Promise((r) => setTimeout(r, 1500));
    const { spans } = await (await globalThis.fetch(`http://127.0.0.1:${sink.value}/`)).json();
    console.log(`\nspans B exported: ${spans}`);
  }
}

runMain(main);
