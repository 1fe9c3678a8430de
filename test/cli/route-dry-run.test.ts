// `router route --dry-run --expect` as a CI check: no daemon, exit codes only from the decision.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempHome } from '../helpers/router.js';

let home: string;
beforeAll(() => {
  home = tempHome();
  writeFileSync(
    join(home, 'config.yaml'),
    [
      'providers:',
      '  deepseek: { type: openai-compatible, baseUrl: "http://127.0.0.1:9/v1" }',
      '  openai: { type: openai, baseUrl: "http://127.0.0.1:9/v1" }',
      'routes:',
      '  main: { strategy: ordered, targets: [deepseek/deepseek-chat, openai/gpt-4o] }',
      'rules:',
      '  - name: big-to-openai',
      '    when: { header: { x-team: research } }',
      '    then: { target: openai/gpt-4o }',
      '',
    ].join('\n'),
  );
});

describe('router route --dry-run (no daemon running)', () => {
  it.each([
    ['a plain prompt takes the first target', ['--prompt', 'hello'], 'deepseek/deepseek-chat'],
    ['@vision with an image needs a vision model', ['--prompt', '@vision describe this', '--image'], 'openai/gpt-4o'],
    ['a rule on a header', ['--prompt', 'hello', '--header', 'x-team:research'], 'openai/gpt-4o'],
    ['a direct target', ['--prompt', 'hello', '--model', 'openai/gpt-4o'], 'openai/gpt-4o'],
  ])('%s', async (_name, args, target) => {
    const ok = await cli(home, ['route', '--dry-run', ...args, '--expect', target]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain(`planned order: ${target}`);
    const other = target === 'openai/gpt-4o' ? 'deepseek/deepseek-chat' : 'openai/gpt-4o';
    const bad = await cli(home, ['route', '--dry-run', ...args, '--expect', other, '--json']);
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(String(bad.stdout)).error.message).toBe(`expected ${other}, but the decision is ${target}`);
  });

  it('prints the decision as JSON, with the trace', async () => {
    const r = await cli(home, ['route', '--dry-run', '--prompt', '@vision describe this', '--image', '--json']);
    expect(r.exitCode).toBe(0);
    const d = JSON.parse(String(r.stdout));
    expect(d).toMatchObject({ dryRun: true, route: 'main', target: 'openai/gpt-4o', planned: ['openai/gpt-4o'] });
    expect(d.trace.candidates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: 'deepseek/deepseek-chat', verdict: 'dropped', reason: expect.stringContaining('vision') }),
      ]),
    );
  });

  it('an unknown model is exit 4 with suggestions', async () => {
    const r = await cli(home, ['route', '--dry-run', '--prompt', 'x', '--model', 'mian', '--json']);
    expect(r.exitCode).toBe(4);
    expect(JSON.parse(String(r.stdout)).error.code).toBe('not_found');
  });

  it('takes a whole Anthropic request from --file', async () => {
    const file = join(home, 'req.json');
    writeFileSync(
      file,
      JSON.stringify({
        model: 'main',
        max_tokens: 100,
        system: 'be brief',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      }),
    );
    const r = await cli(home, ['route', '--dry-run', '--file', file, '--expect', 'deepseek/deepseek-chat']);
    expect(r.exitCode).toBe(0);
  });
});
