// plan() decisions per second on a config of 20 routes x 8 targets x 100 rules (issue 5's bench).
import { plan } from '../dist/engine/plan.js';
import { initialState } from '../dist/engine/types.js';
import { parseConfig } from '../dist/config/load.js';

function bigConfig() {
  const lines = ['providers:'];
  for (let p = 0; p < 8; p++) lines.push(`  p${p}: { type: simulated }`);
  lines.push('routes:');
  for (let r = 0; r < 20; r++)
    lines.push(`  r${r}: { targets: [${Array.from({ length: 8 }, (_, t) => `p${t}/m${(r + t) % 11}`).join(', ')}] }`);
  lines.push('rules:');
  const intents = ['code', 'creative', 'analysis', 'general'];
  for (let i = 0; i < 100; i++) {
    lines.push(
      `  - { priority: ${i}, when: { intent: ${intents[i % 4]}, tokensOver: ${i * 10} }, then: { preferProviders: [p${i % 8}] } }`,
    );
  }
  const r = parseConfig(lines.join('\n'), 'bench.yaml', {});
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.config;
}

export async function planBench() {
  const config = bigConfig();
  const state = initialState();
  const prompts = ['write a python function to parse json', 'tell me a story about a fox', 'analyze this quarterly report', 'hello'];
  const facts = (i) => ({
    model: `r${i % 20}`,
    headers: {},
    clientFormat: 'openai',
    stream: false,
    lastUserText: prompts[i % 4],
    systemText: '',
    textChars: 40 + (i % 500),
    imageCount: 0,
    toolCount: 0,
    toolsChars: 0,
  });
  const now = Date.UTC(2026, 10, 22, 12);
  // Long warm-up so the JIT has settled, then the best of three timed rounds (the machine is shared).
  for (let i = 0; i < 100000; i++) plan(facts(i), state, config, now, `w${i}`);
  const n = 200000;
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) plan(facts(i), state, config, now, `d${i}`);
    best = Math.max(best, n / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return { perSecond: best, shape: '20 routes x 8 targets x 100 rules, best of 3 rounds' };
}
