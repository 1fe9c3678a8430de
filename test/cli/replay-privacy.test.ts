// Replay facts and prompt privacy against a real daemon: by default no prompt or system text
// reaches router.db (its bytes are searched for a canary), and replay reports the decisions it
// cannot fully re-evaluate without the text; once ledger.capturePrompts is on, the redacted text is
// kept and those decisions are re-evaluated. One daemon, reloaded between the two (a start costs ~1 s).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayDTO } from '../../src/protocol/index.js';
import { cli, startDaemon, tempHome, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const N = 5;
const config = (capture: boolean, rules = '') => `
providers:
  a: { type: simulated, simulate: { text: ok } }
  b: { type: simulated, simulate: { text: ok } }
routes:
  plain: { strategy: ordered, targets: [a/x, b/y] }
  kept: { strategy: ordered, targets: [a/x, b/y] }
ledger: { capturePrompts: ${capture} }
${rules}`;
const newSystemRule = 'rules:\n  - { name: agent, when: { systemMatches: "pair programmer" }, then: { target: b/y } }';
const intentRule = 'rules:\n  - { name: code, when: { intent: code }, then: { target: b/y } }';

let d: RunningDaemon;
beforeAll(async () => {
  d = await startDaemon(config(false), tempHome());
});
afterAll(async () => {
  await d?.stop();
});

const rowsWithFacts = (): number => {
  const db = new Database(join(d.home, 'router.db'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM requests WHERE facts IS NOT NULL').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

async function send(route: string, canary: string): Promise<void> {
  const before = rowsWithFacts();
  for (let i = 0; i < N; i++) {
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: route,
        messages: [
          { role: 'system', content: `${canary} You are a pair programmer. Mail ops@example.com` },
          { role: 'user', content: `${canary} fix the bug in this python function and refactor the code` },
        ],
      }),
    });
    await res.text();
    expect(res.status).toBe(200);
  }
  await waitFor(() => rowsWithFacts() >= before + N);
}

// The WAL holds what is not checkpointed yet: both files are searched.
const dbBytes = (): string =>
  ['router.db', 'router.db-wal']
    .map((f) => join(d.home, f))
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');

async function replay(route: string, rules: string): Promise<ReplayDTO> {
  const file = join(d.home, 'candidate.yaml');
  writeFileSync(file, config(false, rules));
  const r = await cli(d.home, ['replay', '--config', file, '--route', route, '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReplayDTO;
}

describe('replay facts and prompt privacy (real daemon)', () => {
  it('by default: no prompt or system text in router.db; text rules replay exactly, a new systemMatches is reported', async () => {
    await send('plain', 'CANARY-9d41e');
    const bytes = dbBytes();
    expect(bytes.includes('"tz":0'), 'facts rows in the files').toBe(true); // the facts were written where we looked
    expect(bytes.includes('CANARY-9d41e'), 'CANARY-9d41e').toBe(false);
    expect(bytes.includes('pair programmer'), 'pair programmer').toBe(false);

    expect(await replay('plain', intentRule)).toMatchObject({ decisions: N, changed: N, unevaluated: 0, after: { 'b/y': N } });
    const bySystem = await replay('plain', newSystemRule);
    expect(bySystem).toMatchObject({ decisions: N, changed: 0, unevaluated: N, gaps: { 'systemMatches of rule agent': N } });
    const text = await cli(d.home, ['replay', '--config', join(d.home, 'candidate.yaml'), '--route', 'plain']);
    expect(text.stdout).toContain(`${N} decisions could not be fully re-evaluated`);
  });

  it('with ledger.capturePrompts: the redacted text is kept, and a new systemMatches is re-evaluated', async () => {
    writeFileSync(join(d.home, 'config.yaml'), config(true));
    expect((await cli(d.home, ['reload'])).exitCode).toBe(0);
    await send('kept', 'CANARY-kept-3c');
    const bytes = dbBytes();
    expect(bytes.includes('CANARY-kept-3c'), 'CANARY-kept-3c').toBe(true);
    expect(bytes.includes('ops@example.com'), 'ops@example.com').toBe(false);
    expect(bytes.includes('CANARY-9d41e'), 'CANARY-9d41e').toBe(false);
    expect(await replay('kept', newSystemRule)).toMatchObject({ decisions: N, changed: N, unevaluated: 0, after: { 'b/y': N } });
  });
});
