// The ledger under load (issue 6): how many request records per second the batched writer keeps up
// with (target 5k/s without delaying anything: enqueue is a push), and `router stats --days 30`
// over 1M rows (target under a second: it reads only the hourly rollups).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../dist/store/store.js';

const DAY = 86_400_000;
const TARGETS = [
  'openai/gpt-4o-mini',
  'openai/gpt-4o',
  'anthropic/claude-sonnet-4-5',
  'groq/llama-3.3-70b',
  'deepseek/deepseek-chat',
  'ollama/llama3.2',
];
const ROUTES = ['main', 'fast', 'strong', null];

function entry(i, ts) {
  const target = TARGETS[i % TARGETS.length];
  const failed = i % 37 === 0;
  const id = `b-${i}`;
  // A spread like real traffic: a long tail of slow answers.
  const latencyMs = 200 + ((i * 7919) % 4000) + (i % 97 === 0 ? 30_000 : 0);
  const attempts = [
    {
      decisionId: id,
      seq: 1,
      ts,
      target,
      provider: target.split('/')[0],
      model: target.split('/')[1],
      outcome: failed ? 'failed' : 'ok',
      errorClass: failed ? 'rate_limit' : undefined,
      status: failed ? 429 : 200,
      latencyMs,
      tokensIn: 900,
      tokensOut: 250,
      tokensCached: 0,
      tokensCacheWrite: 0,
      costUsd: 0.0004,
    },
  ];
  return {
    request: {
      decisionId: id,
      ts,
      route: ROUTES[i % ROUTES.length],
      clientFormat: 'openai',
      requestedModel: 'auto',
      stream: i % 2 === 0,
      target,
      status: failed ? 429 : 200,
      outcome: failed ? 'error' : 'ok',
      errorClass: failed ? 'rate_limit' : undefined,
      attempts: 1,
      latencyMs,
      ttftMs: i % 2 === 0 ? latencyMs / 4 : undefined,
      tokensIn: 900,
      tokensOut: 250,
      tokensCached: 0,
      costUsd: 0.0004,
      trace: { id, plannedOrder: [target], candidates: [{ target, verdict: 'kept', reason: 'kept' }], notes: [] },
    },
    attempts,
  };
}

/** Writes `n` entries spread over `days` back from now; returns entries written per second. */
function fill(store, n, days, now) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const e = entry(i, now - Math.floor(((n - i) / n) * days * DAY));
    store.ledger.enqueue(e.request, e.attempts);
    if (i % 5000 === 4999) store.ledger.flush();
  }
  store.ledger.flush();
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export async function ledgerBench({ rows = 1_000_000, keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'router-ledger-bench-'));
  try {
    const store = openStore(join(dir, 'router.db'), { maxPending: rows + 1, maxBatch: 5000 });
    const now = Date.now();
    const writesPerSecond = fill(store, rows, 30, now);
    const query = { fromMs: now - 30 * DAY, toMs: now, by: 'model', heatmap: 'requests', tzOffsetMinutes: 0 };
    store.stats.report(query);
    const t0 = process.hrtime.bigint();
    const report = store.stats.report(query);
    const statsMs = Number(process.hrtime.bigint() - t0) / 1e6;
    store.close();
    return { rows, writesPerSecond, statsMs, requests: report.totals.requests };
  } finally {
    if (keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const r = await ledgerBench({ rows, keep: process.argv.includes('--keep') });
  console.log(
    `ledger: ${r.writesPerSecond.toFixed(0)} requests/s written (target >= 5000); stats --days 30 over ${r.rows} rows: ${r.statsMs.toFixed(0)} ms (target < 1000; counted ${r.requests})`,
  );
}
