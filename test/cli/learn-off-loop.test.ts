// `router learn` fits in a worker thread: while the daemon trains on a dataset big enough to take
// seconds, it keeps answering /healthz and routed chat requests, refuses a second training, and
// stores the model as before. Completion ORDER is what is asserted, never durations.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { CliError } from '../../src/cli/errors.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';

const CONFIG = `providers:
  sim: { type: simulated, simulate: { text: "still here" } }
routes:
  main: { targets: [sim/m] }
`;
const topics = ['eigenvalues', 'plural', 'author', 'capital', 'derivative', 'chemical symbol', 'boiling point', 'opposite'];

// Thousands of items in the format of test/fixtures/learn/tiny-outcomes.jsonl: enough to keep the fit busy > 1 s.
function writeDataset(file: string, n: number): void {
  const lines = Array.from({ length: n }, (_, i) => {
    const hard = i % 3 === 0;
    const prompt = `Question ${i}: what is the ${topics[i % topics.length]} of item ${(i * 37) % 1000}?\nA. one\nB. two\nC. three\nD. four\nAnswer:`;
    return JSON.stringify({
      id: `item-${i}`,
      prompt,
      outcomes: { 'p/strong': hard || i % 7 !== 0 ? 1 : 0, 'p/weak': hard ? 0 : 1 },
      costs: { 'p/strong': 0.01, 'p/weak': 0.001 },
    });
  });
  writeFileSync(file, lines.join('\n') + '\n');
}

let d: RunningDaemon;
beforeAll(async () => {
  d = await startDaemon(CONFIG);
});
afterAll(async () => {
  await d.stop();
});

it('the daemon answers /healthz and chat while learn.train runs, refuses a second training, then shows the new version', async () => {
  const data = join(d.home, 'many-outcomes.jsonl');
  writeDataset(data, 8_000);
  const params = { data, strong: 'p/strong', weak: 'p/weak', quality: 0.95 };
  const events: string[] = [];
  const client = await DaemonClient.connect(d.socket);
  try {
    let done = false;
    const training = client.call('learn.train', params).finally(() => {
      events.push('trained');
      done = true;
    });
    // Same connection, so the daemon reads this call after the first one: it finds the training running.
    const refusal = (err: unknown) => (err instanceof CliError ? `second: ${err.code}` : `second: ${String(err)}`);
    events.push(await client.call('learn.train', params).then(() => 'second: trained', refusal));
    while (!done) {
      const health = await fetch(`${d.url}/healthz`);
      events.push(`healthz ${health.status}`);
      const chat = await fetch(`${d.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'are you there?' }] }),
      });
      events.push(`chat ${chat.status} ${(await chat.text()).includes('still here') ? 'answered' : 'unanswered'}`);
    }
    const learned = await training;
    expect(learned).toMatchObject({ version: 1, meta: { items: 8_000, data } });

    const beforeTrained = events.slice(0, events.indexOf('trained'));
    expect(beforeTrained, events.join(', ')).toContain('healthz 200');
    expect(beforeTrained, events.join(', ')).toContain('chat 200 answered');
    expect(events[0]).toBe('second: conflict');
  } finally {
    client.close();
  }
  const status = await cli(d.home, ['learn', 'status', '--json']);
  expect(status.exitCode).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ version: 1, meta: { items: 8_000, strong: 'p/strong', weak: 'p/weak', data } });
});
