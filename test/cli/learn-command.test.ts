// `router learn` end to end: the daemon fits the model on a file, stores it in router.db, and the
// next routed request is judged by it (a difficulty rule moves it); explain shows the score; the
// model survives a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';

const CONFIG = `providers:
  sim-a: { type: simulated, simulate: { text: "from a" } }
  sim-b: { type: simulated, simulate: { text: "from b" } }
routes:
  main: { strategy: ordered, targets: [sim-a/weak, sim-b/strong] }
rules:
  - name: hard-to-strong
    when: { difficulty: hard }
    then: { preferProviders: [sim-b] }
`;
const data = new URL('../fixtures/learn/tiny-outcomes.jsonl', import.meta.url).pathname;
// Like the fixture's gain items (strong right, weak wrong); the word lists see nothing hard in it.
const hardPrompt = 'Question 61: what is the eigenvalues of item 12?\nA. one\nB. two\nC. three\nD. four\nAnswer:';

let d: RunningDaemon;
const json = async (args: string[]) => {
  const r = await cli(d.home, [...args, '--json']);
  expect(r.exitCode, `${args.join(' ')}: ${r.stdout} ${r.stderr}`).toBe(0);
  return JSON.parse(String(r.stdout));
};
const send = async () => (await json(['route', '--prompt', hardPrompt, '--route', 'main'])) as { decisionId: string; target: string };

beforeAll(async () => {
  d = await startDaemon(CONFIG);
});
afterAll(async () => {
  await d.stop();
});

describe('router learn', () => {
  it('status before any model: none, the word lists decide', async () => {
    expect(await json(['learn', 'status'])).toEqual({ version: null });
  });

  it('a routed request uses the stored model once learned, and explain shows its score', async () => {
    expect((await send()).target).toBe('sim-a/weak');
    const learned = await json(['learn', '--data', data, '--strong', 'p/strong', '--weak', 'p/weak']);
    expect(learned).toMatchObject({
      version: 1,
      // 60 items: too few to validate the epoch count on held-out pseudo-families.
      meta: { items: 60, strong: 'p/strong', weak: 'p/weak', quality: 0.95, data, transfer: { epochs: 12, validated: false } },
    });
    const moved = await send();
    expect(moved.target).toBe('sim-b/strong');
    const explained = await cli(d.home, ['explain', moved.decisionId]);
    expect(explained.stdout).toMatch(/difficulty hard \(learned score 0\.\d{3}, threshold 0\.\d{3}\)/);
  });

  it('the model is versioned and survives a restart', async () => {
    await json(['learn', '--data', data, '--strong', 'p/strong', '--weak', 'p/weak']);
    await d.stop();
    d = await startDaemon(undefined, d.home);
    expect(await json(['learn', 'status'])).toMatchObject({ version: 2 });
    expect((await send()).target).toBe('sim-b/strong');
  });

  it.each([
    { args: ['learn', '--data', '/nonexistent/x.jsonl', '--strong', 'p/strong', '--weak', 'p/weak'], exit: 4 },
    { args: ['learn', '--data', data, '--strong', 'p/strong', '--weak', 'x/nope'], exit: 4 },
    { args: ['learn', '--data', data], exit: 2 },
  ])('$args.3 $args.5 → exit $exit', async ({ args, exit }) => {
    expect((await cli(d.home, args)).exitCode).toBe(exit);
  });
});
