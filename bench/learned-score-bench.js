// Learned difficulty score per request on a 2 KB prompt (issue 16 asks <= 20 us). Run after
// `npm run build`: node bench/learned-score-bench.js. A printed figure, not a timed test.
import { learnedScore } from '../dist/engine/learned-score.js';

const bits = Number(process.env.BITS ?? 18);
const head = (k) => ({ bias: -1.5, weights: Float32Array.from({ length: 2 ** bits }, (_, i) => Math.sin(i * k) * 0.01) });
// Two heads and the rank blend with length, as `router learn` stores (format 4: with the question shape; FORMAT=3 without).
const ramp = (lo, hi) => Array.from({ length: 101 }, (_, k) => lo + ((hi - lo) * k) / 100);
const calibration = { weakExponent: 0.25, lengthWeight: 0.4, gainQuantiles: ramp(0, 0.5), lengthQuantiles: ramp(50, 5000), thresholds: [] };
const model = { version: Number(process.env.FORMAT ?? 4), bits, heads: [head(1), head(2)], threshold: 0.5, calibration };
const sentence = 'Which of the following best explains why the derivative of x^2 + 3x at x = 4 equals 11? ';
const prompts = Array.from({ length: 16 }, (_, k) => `${k} ${sentence.repeat(Math.ceil(2048 / sentence.length))}`.slice(0, 2048));

let sink = 0;
for (let i = 0; i < 20_000; i++) sink += learnedScore(model, prompts[i % prompts.length]);
const n = 100_000;
// Wall time and this process's CPU time: on a shared box the wall figure includes other processes' turns.
const cpu0 = process.cpuUsage();
const start = process.hrtime.bigint();
for (let i = 0; i < n; i++) sink += learnedScore(model, prompts[i % prompts.length]);
const us = Number(process.hrtime.bigint() - start) / 1_000 / n;
const cpu = process.cpuUsage(cpu0);
const cpuUs = (cpu.user + cpu.system) / n;
console.log(
  `learned score, 2 KB prompt: ${us.toFixed(2)} us per request wall (${Math.round(1e6 / us)}/s), ${cpuUs.toFixed(2)} us CPU${sink === 0 ? '' : ''}`,
);
