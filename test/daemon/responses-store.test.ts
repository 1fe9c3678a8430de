// previous_response_id on translated upstreams through a real daemon with `responses.store: true`:
// the official `openai` SDK continues a conversation by id alone and the fake Chat (and Anthropic)
// upstream receives the whole history; unknown and expired ids get a 400 naming the param; a
// Responses upstream still gets previous_response_id untouched.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { startFakeResponses, type FakeResponses } from '../helpers/fake-responses.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let chat: FakeUpstream;
let an: FakeAnthropic;
let rs: FakeResponses;
let d: RunningDaemon;
let brief: RunningDaemon;
let client: OpenAI;

const providers = (): string => `
providers:
  chat: { type: openai-compatible, baseUrl: "${chat.url}" }
  an: { type: anthropic, baseUrl: "${an.url}/v1", apiKey: sk-upstream-anthropic }
  oa: { type: openai, baseUrl: "${rs.url}", apiKey: sk-upstream-openai }
routes:
  chat: { strategy: ordered, targets: [chat/chat-fake] }
  claude: { strategy: ordered, targets: [an/claude-fake] }
  gpt: { strategy: ordered, targets: [oa/gpt-fake] }
defaultRoute: chat
`;

beforeAll(async () => {
  [chat, an, rs] = await Promise.all([startFakeUpstream(), startFakeAnthropic(), startFakeResponses()]);
  // `brief` keeps a conversation for a millisecond: by the follow-up it has expired.
  [d, brief] = await Promise.all([
    startDaemon(`responses: { store: true, ttlSeconds: 3600, maxEntries: 100 }\n${providers()}`),
    startDaemon(`responses: { store: true, ttlSeconds: 0.001 }\n${providers()}`),
  ]);
  client = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await Promise.all([d?.stop(), brief?.stop()]);
  await Promise.all([chat?.close(), an?.close(), rs?.close()]);
});
beforeEach(() => {
  chat.received.length = 0;
  an.received.length = 0;
  rs.received.length = 0;
});

type ChatBody = { messages: unknown[] };

describe('previous_response_id with the router keeping the conversation', () => {
  it('turn 2 by id alone: the Chat upstream receives turn 1 (input and answer) and then turn 2', async () => {
    chat.script({ kind: 'text', text: 'Paris.' }, { kind: 'text', text: 'About 2.1 million.' });
    const first = await client.responses.create({ model: 'chat', input: 'Capital of France?', store: true });
    expect(first.output_text).toBe('Paris.');
    const second = await client.responses.create({ model: 'chat', previous_response_id: first.id, input: 'And its population?' });
    expect(second.output_text).toBe('About 2.1 million.');
    expect((chat.received[1]!.body as ChatBody).messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'And its population?' },
    ]);
    expect(chat.received[1]!.body).not.toHaveProperty('previous_response_id');
  });

  it('a streamed turn is kept too, and a chain of three turns reaches another provider whole', async () => {
    chat.script({ kind: 'text', text: 'one' }, { kind: 'text', text: 'two' });
    let firstId = '';
    for await (const ev of await client.responses.create({ model: 'chat', input: 'count', stream: true, store: true }))
      if (ev.type === 'response.completed') firstId = ev.response.id;
    const second = await client.responses.create({ model: 'chat', previous_response_id: firstId, input: 'go on' });
    an.script({ kind: 'text', text: 'three' });
    const third = await client.responses.create({
      model: 'claude',
      previous_response_id: second.id,
      input: [{ role: 'user', content: 'and?' }],
      max_output_tokens: 32,
    });
    expect(third.output_text).toBe('three');
    const said = (an.received[0]!.body.messages as { role: string; content: string | { text: string }[] }[]).map((m) => [
      m.role,
      typeof m.content === 'string' ? m.content : m.content.map((b) => b.text).join(''),
    ]);
    expect(said).toEqual([
      ['user', 'count'],
      ['assistant', 'one'],
      ['user', 'go on'],
      ['assistant', 'two'],
      ['user', 'and?'],
    ]);
  });

  it('store: false is not kept: a follow-up naming it is a 400', async () => {
    chat.script({ kind: 'text', text: 'forgotten' });
    const first = await client.responses.create({ model: 'chat', input: 'hi', store: false });
    const err = await client.responses.create({ model: 'chat', previous_response_id: first.id, input: 'again' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('previous_response_id');
  });

  it('an unknown id: 400 invalid_request_error naming previous_response_id, nothing sent upstream', async () => {
    const err = await client.responses.create({ model: 'chat', previous_response_id: 'resp_nope', input: 'hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.param).toBe('previous_response_id');
    expect(e.type).toBe('invalid_request_error');
    expect(e.message).toContain('resp_nope is unknown or has expired');
    expect(chat.received).toHaveLength(0);
  });

  it('an expired id: 400 that says it is unknown or has expired', async () => {
    const short = new OpenAI({ baseURL: `${brief.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    chat.script({ kind: 'text', text: 'soon gone' });
    const first = await short.responses.create({ model: 'chat', input: 'hi', store: true });
    const res = await fetch(`${brief.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', previous_response_id: first.id, input: 'still there?' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; param: string; message: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'previous_response_id' });
    expect(body.error.message).toContain('has expired');
    expect(chat.received).toHaveLength(1);
  });

  it('a Responses upstream still gets previous_response_id passed through untouched', async () => {
    rs.script({ kind: 'text', text: 'continued upstream' });
    const res = await client.responses.create({ model: 'gpt', previous_response_id: 'resp_upstream_1', input: 'more' });
    expect(res.output_text).toBe('continued upstream');
    expect(rs.received[0]!.body).toMatchObject({ model: 'gpt-fake', previous_response_id: 'resp_upstream_1', input: 'more' });
  });
});
