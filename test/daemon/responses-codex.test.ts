// The real Codex CLI (`@openai/codex`, `codex exec`, offline) through a real daemon: a provider
// entry in a temp CODEX_HOME points at the router, as `router config codex` writes it. Codex gets
// an answer from a Chat Completions, an Anthropic and a Responses upstream, and completes a shell
// tool round trip (the model asks for exec_command, Codex runs it, the output goes back) both
// translated and passed through.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { startFakeResponses, type FakeResponses } from '../helpers/fake-responses.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';

const CODEX = new URL('../../node_modules/@openai/codex/bin/codex.js', import.meta.url).pathname;

let chat: FakeUpstream;
let an: FakeAnthropic;
let rs: FakeResponses;
let d: RunningDaemon;
let codexHome: string;

beforeAll(async () => {
  [chat, an, rs] = await Promise.all([startFakeUpstream(), startFakeAnthropic(), startFakeResponses()]);
  d = await startDaemon(`
providers:
  chat: { type: openai-compatible, baseUrl: "${chat.url}" }
  an: { type: anthropic, baseUrl: "${an.url}/v1", apiKey: sk-upstream-anthropic }
  oa: { type: openai, baseUrl: "${rs.url}", apiKey: sk-upstream-openai }
routes:
  chat: { strategy: ordered, targets: [chat/chat-fake] }
  claude: { strategy: ordered, targets: [an/claude-fake] }
  gpt: { strategy: ordered, targets: [oa/gpt-fake] }
defaultRoute: chat
`);
  // The user's setup step: `router config codex --write` writes ~/.codex/config.toml.
  const home = mkdtempSync(join(tmpdir(), 'codex-user-'));
  const written = await cli(d.home, ['config', 'codex', '--write'], { env: { HOME: home } });
  expect(written.exitCode, String(written.stderr)).toBe(0);
  codexHome = join(home, '.codex');
  expect(readFileSync(join(codexHome, 'config.toml'), 'utf8')).toContain(`base_url = "${d.url}/v1"`);
});
afterAll(async () => {
  await d?.stop();
  await Promise.all([chat?.close(), an?.close(), rs?.close()]);
});
beforeEach(() => {
  chat.received.length = 0;
  an.received.length = 0;
  rs.received.length = 0;
});

async function codex(model: string, prompt: string): Promise<{ exitCode: number; last: string; stderr: string; stdout: string }> {
  const work = mkdtempSync(join(tmpdir(), 'codex-work-'));
  const lastFile = join(work, 'last-message.txt');
  const r = await execa(
    process.execPath,
    [
      CODEX,
      'exec',
      '--skip-git-repo-check',
      '--ephemeral',
      '--dangerously-bypass-approvals-and-sandbox',
      '-C',
      work,
      '-m',
      model,
      '-o',
      lastFile,
      prompt,
    ],
    {
      env: { CODEX_HOME: codexHome, OPENAI_API_KEY: 'llm-router', NO_COLOR: '1', RUST_LOG: 'warn' },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
      stdin: 'ignore',
    },
  );
  let last = '';
  try {
    last = readFileSync(lastFile, 'utf8');
  } catch {
    // no last message: the run failed
  }
  return { exitCode: r.exitCode ?? -1, last, stderr: String(r.stderr), stdout: String(r.stdout) };
}

const ECHO = '{"cmd":"echo codex-tool-ok"}';

// Request bodies are probed field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

describe('Codex CLI through the router', () => {
  it('answers from a Chat Completions upstream (Codex tools flattened, hosted web_search dropped)', async () => {
    chat.script({ kind: 'text', text: 'hello codex from chat' });
    const r = await codex('chat', 'say hello');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.last.trim()).toBe('hello codex from chat');
    const sent: Body = chat.received[0]!.body;
    expect(chat.received[0]!.path).toBe('/v1/chat/completions');
    expect(sent.messages[0].role).toBe('developer');
    const names = sent.tools.map((t: Body) => t.function.name);
    expect(names).toContain('exec_command');
    expect(names.some((n: string) => n.startsWith('multi_agent_v1__'))).toBe(true);
    expect(sent.tools.every((t: Body) => t.type === 'function')).toBe(true);
  });

  it('answers from an Anthropic upstream', async () => {
    an.script({ kind: 'text', text: 'hello codex from anthropic' });
    const r = await codex('claude', 'say hello');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.last.trim()).toBe('hello codex from anthropic');
    expect(an.received[0]!.body.system).toBeDefined();
  });

  it('answers from a Responses upstream, passed through with include, store and prompt_cache_key', async () => {
    rs.script({ kind: 'text', text: 'hello codex from responses' });
    const r = await codex('gpt', 'say hello');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.last.trim()).toBe('hello codex from responses');
    const sent: Body = rs.received[0]!.body;
    expect(rs.received[0]!.path).toBe('/v1/responses');
    expect(sent).toMatchObject({ model: 'gpt-fake', stream: true, store: false, include: ['reasoning.encrypted_content'] });
    expect(typeof sent.prompt_cache_key).toBe('string');
    expect(sent.tools.some((t: Body) => t.type === 'namespace')).toBe(true);
    expect(sent.tools.some((t: Body) => t.type === 'web_search')).toBe(true);
  });

  it('a shell tool round trip, translated: exec_command runs and its output goes back as a tool message', async () => {
    chat.script({ kind: 'tool', name: 'exec_command', args: ECHO }, { kind: 'text', text: 'the command ran' });
    const r = await codex('chat', 'run the echo');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.last.trim()).toBe('the command ran');
    const messages = chat.received[1]!.body.messages as Body[];
    expect(messages).toContainEqual(
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: ECHO } }],
      }),
    );
    const result = messages.find((m) => m.role === 'tool');
    expect(result.tool_call_id).toBe('call_1');
    expect(result.content).toContain('codex-tool-ok');
  });

  it('a shell tool round trip, passed through: the reasoning item, the call and its output go back as items', async () => {
    rs.script(
      { kind: 'call', name: 'exec_command', args: ECHO, callId: 'call_pt1', reasoning: 'gAAAA-codex-reasoning' },
      { kind: 'text', text: 'done through responses' },
    );
    const r = await codex('gpt', 'run the echo');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.last.trim()).toBe('done through responses');
    const input = rs.received[1]!.body.input as Body[];
    expect(input).toContainEqual(expect.objectContaining({ type: 'reasoning', encrypted_content: 'gAAAA-codex-reasoning' }));
    expect(input).toContainEqual(
      expect.objectContaining({ type: 'function_call', call_id: 'call_pt1', name: 'exec_command', arguments: ECHO }),
    );
    const output = input.find((i) => i.type === 'function_call_output');
    expect(output.call_id).toBe('call_pt1');
    expect(JSON.stringify(output.output)).toContain('codex-tool-ok');
  });

  it('router exec -- codex: a Codex with no config of its own reaches the router', async () => {
    chat.script({ kind: 'text', text: 'hello codex via router exec' });
    const bare = mkdtempSync(join(tmpdir(), 'codex-bare-'));
    const work = mkdtempSync(join(tmpdir(), 'codex-work-'));
    const r = await cli(
      d.home,
      [
        'exec',
        '--route',
        'chat',
        '--',
        process.execPath,
        CODEX,
        'exec',
        '--skip-git-repo-check',
        '--ephemeral',
        '-C',
        work,
        '-o',
        join(work, 'last.txt'),
        'say hello',
      ],
      { env: { CODEX_HOME: bare }, input: '' },
    );
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(readFileSync(join(work, 'last.txt'), 'utf8').trim()).toBe('hello codex via router exec');
    expect(chat.received[0]!.body.model).toBe('chat-fake');
  });

  it('codex doctor finds the router reachable: GET /v1/models answers in a shape it accepts', async () => {
    const r = await execa(process.execPath, [CODEX, 'doctor'], {
      env: { CODEX_HOME: codexHome, OPENAI_API_KEY: 'llm-router', NO_COLOR: '1' },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
      stdin: 'ignore',
    });
    const out = String(r.stdout);
    expect(out).toMatch(/✓ reachability/);
    expect(out).toMatch(/route probe .* route exists \(HTTP 200\)/);
  });
});
