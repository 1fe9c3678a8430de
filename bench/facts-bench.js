// Per-request cost of the replay facts the recorder stores (issue 19 follow-up): microseconds to
// build and serialise one row's `facts`, and its size, for a short chat prompt, a 4 KB prompt with
// a system prompt, and a 40 KB agent prompt with a 20 KB system prompt.
// Usage: node bench/facts-bench.js [distDir]   (default: ./dist; give another build's dist to compare)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const load = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { plan } = await load('engine/plan.js');
const { initialState } = await load('engine/types.js');
const { parseConfig } = await load('config/load.js');
const { learningFields } = await load('daemon/learning/outcomes.js');

const yaml = (textRules) => `
providers:
  a: { type: simulated }
  b: { type: simulated }
routes:
  main: { strategy: adaptive, targets: [a/small, b/big] }
rules:
  - { when: { systemMatches: "claude code|aider" }, then: { preferProviders: [b] } }
  - { when: { tokensOver: 20000 }, then: { target: b/big } }
${textRules ? '  - { when: { intent: code }, then: { preferProviders: [b] } }' : ''}
`;

function config(textRules) {
  const r = parseConfig(yaml(textRules), 'bench.yaml', {});
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.config;
}

const words = 'Please look at this function and tell me why the tests fail when the input is empty; ';
const text = (chars) => words.repeat(Math.ceil(chars / words.length)).slice(0, chars);
const shapes = [
  ['200 B prompt', text(200), ''],
  ['4 KB prompt + 2 KB system', text(4_096), `You are Claude Code. ${text(2_048)}`],
  ['40 KB prompt + 20 KB system', text(40_960), `You are Claude Code. ${text(20_480)}`],
];

function exchange(cfg, user, system) {
  const facts = {
    model: 'main',
    headers: { 'user-agent': 'bench/1.0', 'x-router-session': 's-1' },
    clientFormat: 'openai',
    stream: false,
    lastUserText: user,
    systemText: system,
    textChars: user.length + system.length,
    imageCount: 0,
    toolCount: 0,
    toolsChars: 0,
  };
  const p = plan(facts, initialState(), cfg, Date.UTC(2026, 11, 6, 12), 'dec-1');
  return { plan: p, startedAt: Date.UTC(2026, 11, 6, 12), stream: false, facts };
}

const rows = [];
for (const textRules of [false, true]) {
  const cfg = config(textRules);
  for (const [name, user, system] of shapes) {
    const x = exchange(cfg, user, system);
    // learningFields(x, config): a config object is truthy, so the older (x, keepFacts) signature takes it too.
    const once = () => JSON.stringify(learningFields(x, cfg).facts);
    for (let i = 0; i < 20_000; i++) once();
    const n = 50_000;
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) once();
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / n);
    }
    rows.push({
      config: textRules ? 'with an intent rule' : 'no text rules',
      request: name,
      usPerRequest: +best.toFixed(2),
      bytes: once().length,
    });
  }
}
console.table(rows);
