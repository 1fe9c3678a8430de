// The AI SDK's default OpenAI provider (`ai` 6, `@ai-sdk/openai` 3: openai(id) speaks the
// Responses API) through a real daemon: generateText and streamText, with a tool, to a Chat
// Completions upstream (translated) and a Responses upstream (passed through).
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeResponses, type FakeResponses } from '../helpers/fake-responses.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let chat: FakeUpstream;
let rs: FakeResponses;
let d: RunningDaemon;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  [chat, rs] = await Promise.all([startFakeUpstream(), startFakeResponses()]);
  d = await startDaemon(`
providers:
  chat: { type: openai-compatible, baseUrl: "${chat.url}" }
  oa: { type: openai, baseUrl: "${rs.url}", apiKey: sk-upstream }
routes:
  chat: { strategy: ordered, targets: [chat/chat-fake] }
  gpt: { strategy: ordered, targets: [oa/gpt-fake] }
defaultRoute: chat
`);
  openai = createOpenAI({ baseURL: `${d.url}/v1`, apiKey: 'unused' });
});
afterAll(async () => {
  await d?.stop();
  await Promise.all([chat?.close(), rs?.close()]);
});
beforeEach(() => {
  chat.received.length = 0;
  rs.received.length = 0;
});

const listFiles = tool({
  description: 'Lists files',
  inputSchema: jsonSchema<{ dir: string }>({
    type: 'object',
    properties: { dir: { type: 'string' } },
    required: ['dir'],
    additionalProperties: false,
  }),
  execute: async ({ dir }) => `${dir}/a.txt`,
});

describe('AI SDK openai(id) -> router', () => {
  it('generateText through a Chat upstream, with a tool round trip', async () => {
    chat.script({ kind: 'tool', name: 'list_files', args: '{"dir":"/tmp"}' }, { kind: 'text', text: 'one file: a.txt' });
    const r = await generateText({
      model: openai('chat'),
      prompt: 'what is in /tmp?',
      tools: { list_files: listFiles },
      stopWhen: stepCountIs(3),
    });
    expect(r.text).toBe('one file: a.txt');
    expect(r.steps[0]!.toolResults[0]).toMatchObject({ toolName: 'list_files', output: '/tmp/a.txt' });
    expect(chat.received[1]!.body.messages).toContainEqual({ role: 'tool', tool_call_id: 'call_1', content: '/tmp/a.txt' });
    expect(r.totalUsage.inputTokens).toBe(22);
  });

  it('streamText through a Chat upstream', async () => {
    chat.script({ kind: 'text', text: 'streamed through the router' });
    const r = streamText({ model: openai('chat'), prompt: 'hi' });
    let text = '';
    for await (const part of r.textStream) text += part;
    expect(text).toBe('streamed through the router');
    expect((await r.usage).outputTokens).toBe(7);
    expect(chat.received[0]!.path).toBe('/v1/chat/completions');
  });

  it('generateText and streamText through a Responses upstream (passed through)', async () => {
    rs.script({ kind: 'text', text: 'hello from responses' });
    const g = await generateText({ model: openai('gpt'), prompt: 'hi' });
    expect(g.text).toBe('hello from responses');
    const s = streamText({ model: openai('gpt'), prompt: 'hi' });
    let text = '';
    for await (const part of s.textStream) text += part;
    expect(text).toBe('hello from responses');
    expect(rs.received.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses']);
    expect(rs.received[1]!.body).toMatchObject({ model: 'gpt-fake', stream: true });
  });
});
