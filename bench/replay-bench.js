// `router replay` over 100k recorded decisions (issue 19: under 10 s). Builds a ledger the way the
// daemon writes it (plan() on realistic facts, the trace and the stored facts per row), then times
// the replay under a config that moves one route to another target. Run: npm run build && node bench/replay-bench.js [rows]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayLedger } from '../dist/cli/offline-outcomes.js';
import { parseConfig } from '../dist/config/load.js';
import { plan } from '../dist/engine/plan.js';
import { storedFacts } from '../dist/engine/replay-facts.js';
import { summariseText } from '../dist/engine/text-summary.js';
import { initialState } from '../dist/engine/types.js';
import { openStore } from '../dist/store/store.js';

const yaml = (mainTargets) => `
providers:
  openai: { type: openai, apiKey: sk-bench }
  anthropic: { type: anthropic, apiKey: sk-bench }
  groq: { type: openai-compatible, baseUrl: "http://127.0.0.1:9/v1" }
routes:
  main: { targets: [${mainTargets}] }
  fast: { strategy: bandit, targets: [groq/llama-3.3-70b, openai/gpt-4o-mini] }
  strong: { strategy: ordered, targets: [anthropic/claude-sonnet-4-5, openai/gpt-4o] }
experiments:
  trial: { route: strong, split: { a: 50, b: 50 }, arms: { a: {}, b: { strategy: cheapest } } }
rules:
  - { when: { intent: code }, then: { preferProviders: [anthropic] } }
  - { when: { tokensOver: 20000 }, then: { route: strong } }
`;

function load(text) {
  const r = parseConfig(text, 'bench.yaml', {});
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.config;
}

const prompts = [
  'write a python function that parses a csv file and returns the rows as dicts',
  'tell me a short story about a fox who learns to read',
  'analyze this quarterly report and list the three biggest risks for next year',
  'hello',
];

export async function replayBench(rows = 100_000) {
  const dir = mkdtempSync(join(tmpdir(), 'llm-router-replay-bench-'));
  try {
    const recorded = load(yaml('openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest'));
    const store = openStore(join(dir, 'router.db'), { maxBatch: 5_000 });
    const state = {
      ...initialState(),
      latency: {
        'openai/gpt-4o-mini': { ewmaMs: 800, ttftEwmaMs: 300, samples: 50 },
        'groq/llama-3.3-70b': { ewmaMs: 300, ttftEwmaMs: 120, samples: 50 },
        'anthropic/claude-sonnet-4-5': { ewmaMs: 2500, ttftEwmaMs: 900, samples: 50 },
      },
    };
    const start = Date.now() - rows * 1_000;
    for (let i = 0; i < rows; i++) {
      const ts = start + i * 1_000;
      const text = prompts[i % prompts.length];
      const facts = {
        model: ['main', 'fast', 'strong', 'auto'][i % 4],
        headers: { 'content-type': 'application/json', 'user-agent': 'bench/1.0', 'x-router-session': `s-${i % 500}` },
        clientFormat: 'openai',
        stream: i % 2 === 0,
        lastUserText: text,
        systemText: 'You are a helpful assistant.',
        textChars: text.length + 30 + (i % 2000),
        imageCount: 0,
        toolCount: i % 5 === 0 ? 2 : 0,
        toolsChars: i % 5 === 0 ? 800 : 0,
      };
      const id = `d-${i}`;
      const p = plan(facts, state, recorded, ts, id);
      if (!p.ok) continue;
      const target = p.attempts[0]?.id ?? null;
      store.ledger.enqueue(
        {
          decisionId: id,
          ts,
          route: p.route,
          clientFormat: 'openai',
          requestedModel: facts.model,
          stream: facts.stream,
          target,
          status: 200,
          outcome: 'ok',
          attempts: 1,
          latencyMs: 300 + (i % 900),
          tokensIn: 900,
          tokensOut: 250,
          tokensCached: 0,
          costUsd: 0.001,
          trace: p.trace,
          experiment: p.experiment?.id,
          arm: p.experiment?.arm,
          facts: storedFacts(facts, p.state, ts, 0, { summary: summariseText(facts, p.signals, recorded) }),
        },
        [],
      );
      if (i % 5_000 === 4_999) store.ledger.flush();
    }
    store.close();

    const candidate = load(yaml('anthropic/claude-3-5-haiku-latest'));
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = replayLedger(join(dir, 'router.db'), candidate, { sinceMs: 0, configLabel: 'candidate', progress: () => {}, every: 10_000 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    // CPU seconds too: on a shared machine the wall time says as much about the neighbours.
    return {
      rows: r.decisions,
      changedPct: r.changedPct,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      perSecond: r.decisions / seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await replayBench(Number(process.argv[2] ?? 100_000));
  console.log(
    `replay: ${r.rows} decisions in ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU (${Math.round(r.perSecond)}/s), ${r.changedPct.toFixed(1)}% changed (target: 100k in under 10 s)`,
  );
}
