// Learning from outcomes against a real daemon: a bandit route learns the fast target, experiment
// arms are stable per session and reported, and replay re-plans the ledger with no upstream call.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentListItem, ExperimentReportDTO, ReplayDTO } from '../../src/protocol/index.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { cli, startDaemon, tempHome, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const config = (up1: string, up2: string, experiment = true) => `
providers:
  up1: { type: openai-compatible, baseUrl: "${up1}/v1" }
  up2: { type: openai-compatible, baseUrl: "${up2}/v1" }
  slow: { type: simulated, simulate: { text: slow, latencyMs: 300 } }
  fast: { type: simulated, simulate: { text: fast } }
models:
  up1/m1: { price: { input: 1, output: 2 } }
  up2/m2: { price: { input: 0.5, output: 1 } }
routes:
  main: { strategy: ordered, targets: [up1/m1] }
  learn: { strategy: bandit, targets: [slow/x, fast/y] }
  ab: { strategy: ordered, targets: [fast/a] }
${
  experiment
    ? `experiments:
  trial:
    route: ab
    split: { a: 50, b: 50 }
    arms: { a: {}, b: { targets: [fast/b] } }`
    : ''
}
`;

let d: RunningDaemon;
let up1: FakeUpstream;
let up2: FakeUpstream;

async function chat(model: string, session?: string): Promise<Response> {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session ? { 'x-router-session': session } : {}) },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello there' }] }),
  });
  await res.text();
  expect(res.status).toBe(200);
  return res;
}

async function json<T>(args: string[]): Promise<T> {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(String(r.stdout)) as T;
}

const ledgerRows = (): number => {
  const db = new Database(join(d.home, 'router.db'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  up1 = await startFakeUpstream();
  up2 = await startFakeUpstream();
  d = await startDaemon(config(up1.url, up2.url), tempHome());
});
afterAll(async () => {
  await d?.stop();
  await up1?.close();
  await up2?.close();
});

describe('learning from outcomes (real daemon)', () => {
  it('bandit: a route with a 300 ms target and a fast one sends >= 80% of the last 40 of 100 requests to the fast one', async () => {
    const targets: string[] = [];
    for (let i = 0; i < 100; i++) targets.push((await chat('learn')).headers.get('x-router-target') ?? '');
    const late = targets.slice(60);
    expect(late.filter((t) => t === 'fast/y').length / late.length).toBeGreaterThanOrEqual(0.8);
    const last = await json<{ trace: { banditScope?: string; candidates: Array<{ draw?: number }> } }>(['explain']);
    expect(last.trace.banditScope).toBe('learn');
    expect(last.trace.candidates.every((c) => typeof c.draw === 'number')).toBe(true);
  });

  it('experiment: a session never changes arm, the arm is in the header, and the report counts every request', async () => {
    const arms = new Map<string, string>();
    for (let round = 0; round < 2; round++) {
      for (let s = 0; s < 30; s++) {
        const res = await chat('ab', `session-${s}`);
        const header = res.headers.get('x-router-experiment') ?? '';
        expect(header).toMatch(/^trial:(a|b)$/);
        if (round === 1) expect(header).toBe(arms.get(`session-${s}`));
        arms.set(`session-${s}`, header);
        expect(res.headers.get('x-router-target')).toBe(header.endsWith(':b') ? 'fast/b' : 'fast/a');
      }
    }
    await waitFor(() => ledgerRows() >= 160);
    const list = await json<{ experiments: ExperimentListItem[] }>(['experiment', 'list']);
    expect(list.experiments).toEqual([expect.objectContaining({ id: 'trial', route: 'ab', status: 'running', requests: 60 })]);
    const report = await json<ExperimentReportDTO>(['experiment', 'report', 'trial']);
    expect(report.control).toBe('a');
    expect(report.arms.map((a) => a.requests).reduce((x, y) => x + y)).toBe(60);
    expect(report.arms.every((a) => a.successPct === 100)).toBe(true);
    expect(report.comparisons[0]?.verdict).toMatch(/success not different/);

    // From another machine's CLI through a context: the same list and report, over experiment.* RPC.
    const laptop = tempHome();
    writeFileSync(join(laptop, 'prod.token'), readFileSync(join(d.home, 'control.token'), 'utf8'));
    expect((await cli(laptop, ['context', 'add', 'prod', d.url, '--token-file', join(laptop, 'prod.token')])).exitCode).toBe(0);
    const remote = async <T>(args: string[]): Promise<T> => {
      const r = await cli(laptop, ['--context', 'prod', ...args, '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      return JSON.parse(String(r.stdout)) as T;
    };
    expect(await remote(['experiment', 'list'])).toEqual(list);
    expect(await remote(['experiment', 'report', 'trial'])).toEqual(report);
    expect((await cli(laptop, ['experiment', 'list', '--json'])).stdout).toContain('"experiments": []');
    const unknown = await cli(laptop, ['--context', 'prod', 'experiment', 'report', 'nope', '--json']);
    expect([unknown.exitCode, JSON.parse(String(unknown.stdout)).error.code]).toEqual([4, 'not_found']);

    // Ended (`until` passed), it is listed as ended with its requests.
    const ended = join(d.home, 'ended.yaml');
    writeFileSync(ended, config(up1.url, up2.url).replace('split: { a: 50, b: 50 }', 'split: { a: 50, b: 50 }\n    until: "2000-01-01"'));
    const endedList = await json<{ experiments: ExperimentListItem[] }>(['experiment', 'list', '--config', ended]);
    expect(endedList.experiments).toEqual([expect.objectContaining({ id: 'trial', status: 'ended', requests: 60 })]);

    // Removed from the config, it keeps its report.
    const without = join(d.home, 'no-experiment.yaml');
    writeFileSync(without, config(up1.url, up2.url, false));
    const after = await json<ExperimentReportDTO>(['experiment', 'report', 'trial', '--config', without]);
    expect(after.status).toBe('removed');
    expect(after.arms.map((a) => a.requests)).toEqual(report.arms.map((a) => a.requests));
    const missing = await cli(d.home, ['experiment', 'report', 'nope', '--json']);
    expect(missing.exitCode).toBe(4);
  });

  it('replay: moving a route to another target changes 100% of its decisions and calls no upstream', async () => {
    for (let i = 0; i < 10; i++) await chat('main');
    await waitFor(() => ledgerRows() >= 170);
    const calls = { up1: up1.received.length, up2: up2.received.length };
    expect(calls).toEqual({ up1: 10, up2: 0 });

    const candidate = join(d.home, 'candidate.yaml');
    writeFileSync(candidate, config(up1.url, up2.url).replace('targets: [up1/m1]', 'targets: [up2/m2]'));
    const r = await json<ReplayDTO>(['replay', '--config', candidate, '--route', 'main']);
    expect(r).toMatchObject({ decisions: 10, changed: 10, changedPct: 100, before: { 'up1/m1': 10 }, after: { 'up2/m2': 10 } });
    // The fake upstream's usage: 11 tokens in, 7 out, at $1/$2 and $0.5/$1 per million.
    expect(r.cost.beforeUsd).toBeCloseTo((10 * (11 * 1 + 7 * 2)) / 1e6, 12);
    expect(r.cost.afterUsd).toBeCloseTo((10 * (11 * 0.5 + 7 * 1)) / 1e6, 12);
    expect(r.latency.beforeMs).toBeGreaterThan(0);
    expect(r.latency.unmeasured).toBe(10);
    expect({ up1: up1.received.length, up2: up2.received.length }).toEqual(calls);

    // Under the config they were planned with, every decision re-plans the same: bandit draws and
    // experiment arms included, so the stored facts hold every input of plan().
    const same = await json<ReplayDTO>(['replay']);
    expect(same.decisions).toBe(170);
    expect(same.changed).toBe(0);
  });

  it('keeps the bandit posteriors in router.db', async () => {
    await waitFor(() => {
      const db = new Database(join(d.home, 'router.db'), { readonly: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM bandit_arms WHERE scope = 'learn'").get() as { n: number }).n === 2;
      } finally {
        db.close();
      }
    });
  });
});
