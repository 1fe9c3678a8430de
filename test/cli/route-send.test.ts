// `router route` against a real daemon: streamed answers in both client formats are read through
// the wire stream decoders, and a stream that breaks off mid-answer is a failure, not a short success.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';

let d: RunningDaemon;
beforeAll(async () => {
  d = await startDaemon(
    [
      'providers:',
      '  sim: { type: simulated, simulate: { text: "alpha beta gamma" } }',
      '  flaky: { type: simulated, simulate: { text: "one two three four five six", fault: { midStream: true } } }',
      'routes:',
      '  main: { targets: [sim/a] }',
      '  broken: { targets: [flaky/x] }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await d.stop();
});

describe('router route reads answers with the wire decoders', () => {
  it('an OpenAI stream prints the text as it comes', async () => {
    const r = await cli(d.home, ['route', '--prompt', 'hi']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(r.stdout).toBe('alpha beta gamma');
    expect(r.stderr).toMatch(/^answered by sim\/a \(route main, 1 attempt, decision \S+\)$/);
  });

  it('an Anthropic stream from --file', async () => {
    const file = join(d.home, 'req.json');
    writeFileSync(
      file,
      JSON.stringify({ model: 'auto', max_tokens: 50, stream: true, system: 'be brief', messages: [{ role: 'user', content: 'hi' }] }),
    );
    const r = await cli(d.home, ['route', '--file', file]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(r.stdout).toBe('alpha beta gamma');
  });

  it('a stream that breaks off mid-answer is exit 1 with the reason', async () => {
    const r = await cli(d.home, ['route', '--prompt', 'hi', '-m', 'broken']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error: the answer broke off mid-stream: /);
  });
});
