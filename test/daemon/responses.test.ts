// Responses API clients through a real daemon: the official `openai` SDK's client.responses.create,
// stream and not, text and a function-call loop, to fake Chat Completions, Anthropic, Gemini,
// Ollama and Responses upstreams speaking their real wire formats; Chat and Anthropic clients to a
// Responses-only upstream; errors in OpenAI's shape.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { startFakeResponses, type FakeResponses } from '../helpers/fake-responses.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { sse, startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { openStoreReadOnly } from '../../src/store/readonly.js';
import type { LedgerEntry } from '../../src/store/types.js';
import { join } from 'node:path';
import { events } from '../wire/helpers/streams.js';

let chat: FakeUpstream;
let an: FakeAnthropic;
let gm: FakeGemini;
let ol: FakeOllama;
let rs: FakeResponses;
let stuck: ScriptedUpstream;
let stuckResponses: ScriptedUpstream;
let d: RunningDaemon;
let rpc: DaemonClient;
let client: OpenAI;

beforeAll(async () => {
  [chat, an, gm, ol, rs] = await Promise.all([
    startFakeUpstream(),
    startFakeAnthropic(),
    startFakeGemini(),
    startFakeOllama(),
    startFakeResponses(),
  ]);
  // Opens its stream with a role chunk, then never sends content.
  stuck = await startScriptedUpstream(() =>
    sse(
      [
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`,
      ],
      { finish: 'hang' },
    ),
  );
  // A Responses upstream that sends response.created and in_progress, then nothing.
  const opening = ['response.created', 'response.in_progress'].map(
    (type, i) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: i, response: { id: 'resp_stuck', object: 'response', status: 'in_progress', output: [] } })}\n\n`,
  );
  stuckResponses = await startScriptedUpstream(() => sse(opening, { finish: 'hang' }));
  d = await startDaemon(`
limits: { keepAliveMs: 200 }
providers:
  stuckrs: { type: openai, baseUrl: "${stuckResponses.origin}/v1", firstByteTimeoutMs: 700 }
  stuck: { type: openai-compatible, baseUrl: "${stuck.origin}/v1", firstByteTimeoutMs: 700 }
  chat: { type: openai-compatible, baseUrl: "${chat.url}" }
  an: { type: anthropic, baseUrl: "${an.url}/v1", apiKey: sk-upstream-anthropic }
  gm: { type: gemini, baseUrl: "${gm.url}", apiKey: gemini-key }
  ol: { type: ollama, baseUrl: "${ol.url}/v1" }
  oa: { type: openai, baseUrl: "${rs.url}", apiKey: sk-upstream-openai }
  ro: { type: openai-compatible, baseUrl: "${rs.url}", responses: only }
  sim: { type: simulated, responses: true, simulate: { text: "hello from the simulator" } }
routes:
  chat: { strategy: ordered, targets: [chat/chat-fake] }
  claude: { strategy: ordered, targets: [an/claude-fake] }
  gemini: { strategy: ordered, targets: [gm/gemini-fake] }
  local: { strategy: ordered, targets: [ol/llama-fake] }
  gpt: { strategy: ordered, targets: [oa/gpt-fake] }
  ronly: { strategy: ordered, targets: [ro/gpt-ronly] }
  chat-then-gpt: { strategy: ordered, targets: [chat/chat-fake, oa/gpt-fake] }
  sim: { strategy: ordered, targets: [sim/sim-model] }
  dead-end: { strategy: ordered, targets: [stuck/m] }
  dead-end-rs: { strategy: ordered, targets: [stuckrs/m] }
defaultRoute: chat
`);
  client = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([chat?.close(), an?.close(), gm?.close(), ol?.close(), rs?.close(), stuck?.close(), stuckResponses?.close()]);
});
beforeEach(async () => {
  await rpc.call('state.reset');
  chat.received.length = 0;
  an.received.length = 0;
  rs.received.length = 0;
});

const shellTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'exec_command',
  description: 'Runs a shell command',
  strict: false,
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
};

// Stream events are probed field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ev = any;

async function streamed(params: Omit<OpenAI.Responses.ResponseCreateParamsStreaming, 'stream'>): Promise<Ev[]> {
  const stream = await client.responses.create({ ...params, stream: true });
  const out: Ev[] = [];
  for await (const ev of stream) out.push(ev);
  return out;
}

/** PROTOCOLS 8: created, in_progress first; sequence numbers 0..n; one terminal event last. */
function checkSequence(evs: Ev[], last = 'response.completed'): Ev {
  expect(evs.slice(0, 2).map((e) => e.type)).toEqual(['response.created', 'response.in_progress']);
  expect(evs.map((e) => e.sequence_number)).toEqual(evs.map((_, i) => i));
  expect(evs.at(-1).type).toBe(last);
  expect(evs.filter((e) => e.type === 'response.completed' || e.type === 'response.failed')).toHaveLength(
    last === 'response.completed' || last === 'response.failed' ? 1 : 0,
  );
  return evs.at(-1).response;
}

describe('Responses client, Chat Completions upstream (translated)', () => {
  it('answers a whole response: output_text, usage, and the upstream saw a Chat request', async () => {
    chat.script({ kind: 'text', text: 'hello from chat' });
    const res = await client.responses.create({ model: 'chat', instructions: 'Be brief.', input: 'Say hello', max_output_tokens: 64 });
    expect(res.object).toBe('response');
    expect(res.status).toBe('completed');
    expect(res.output_text).toBe('hello from chat');
    expect(res.usage).toMatchObject({ input_tokens: 11, output_tokens: 7, total_tokens: 18 });
    const sent = chat.received[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body).toMatchObject({
      model: 'chat-fake',
      max_tokens: 64,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('streams the PROTOCOLS 8 event sequence with the whole response in response.completed', async () => {
    chat.script({ kind: 'text', text: 'streamed hello from chat' });
    const evs = await streamed({ model: 'chat', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] });
    expect(evs.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array(4).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const final = checkSequence(evs);
    expect(final.output[0].content[0].text).toBe('streamed hello from chat');
    expect(final.usage).toMatchObject({ input_tokens: 11, output_tokens: 7 });
  });

  it('runs a function-call loop: the call goes out as function_call, its output comes back as a tool message', async () => {
    chat.script({ kind: 'tool', name: 'exec_command', args: '{"cmd":"ls"}' }, { kind: 'text', text: 'two files' });
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'list files' }];
    const first = await client.responses.create({ model: 'chat', input, tools: [shellTool] });
    const call = first.output.find((i) => i.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ name: 'exec_command', arguments: '{"cmd":"ls"}', call_id: 'call_1' });
    const second = await client.responses.create({
      model: 'chat',
      input: [...input, call, { type: 'function_call_output', call_id: call.call_id, output: 'a.txt\nb.txt' }],
      tools: [shellTool],
    });
    expect(second.output_text).toBe('two files');
    const sent = chat.received[1]!.body as { messages: unknown[]; tools: unknown[] };
    expect(sent.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'a.txt\nb.txt' },
    ]);
    expect(sent.tools).toEqual([
      {
        type: 'function',
        function: { name: 'exec_command', description: 'Runs a shell command', parameters: shellTool.parameters, strict: false },
      },
    ]);
  });

  it('streams a function call as arguments deltas', async () => {
    chat.script({ kind: 'tool', name: 'exec_command', args: '{"cmd":"pwd"}' });
    const evs = await streamed({ model: 'chat', input: 'where am I', tools: [shellTool] });
    const final = checkSequence(evs);
    expect(
      evs
        .filter((e) => e.type === 'response.function_call_arguments.delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe('{"cmd":"pwd"}');
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        name: 'exec_command',
        arguments: '{"cmd":"pwd"}',
        call_id: 'call_1',
        status: 'completed',
      }),
    ]);
  });

  it("the SDK's strict accumulator (responses.stream) rebuilds the final response from the events", async () => {
    chat.script({ kind: 'tool', name: 'exec_command', args: '{"cmd":"ls"}' });
    const stream = client.responses.stream({ model: 'chat', input: 'ls', tools: [shellTool] });
    const final = await stream.finalResponse();
    expect(final.output).toEqual([
      expect.objectContaining({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}', call_id: 'call_1' }),
    ]);
    chat.script({ kind: 'text', text: 'accumulated text' });
    expect((await client.responses.stream({ model: 'chat', input: 'hi' }).finalResponse()).output_text).toBe('accumulated text');
  });

  it.each([
    ['translated', 'dead-end'],
    ['passed through', 'dead-end-rs'],
  ])('keep-alives, then a failure before any content (%s): comments, then created, in_progress and failed', async (_how, model) => {
    const res = await fetch(`${d.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, input: 'hi', stream: true }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith(': ping\n\n')).toBe(true);
    const evs = events(text).map((e) => JSON.parse(e.data) as Ev);
    expect(evs.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(checkSequence(evs, 'response.failed').error.message).toContain('timed out');
  });

  it('a failure after output started ends with response.failed, never completed', async () => {
    chat.script({ kind: 'reset-mid-stream', text: 'partial ' });
    const res = await fetch(`${d.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', input: 'hi', stream: true }),
    });
    const evs = events(await res.text()).map((e) => JSON.parse(e.data) as Ev);
    const final = checkSequence(evs, 'response.failed');
    expect(evs.some((e) => e.type === 'response.output_text.delta' && e.delta === 'partial ')).toBe(true);
    expect(final.status).toBe('failed');
    expect(final.error.message).toContain('mid-stream');
  });
});

/** The ledger row of a request, once the batched write lands. */
async function ledgerRow(decisionId: string): Promise<LedgerEntry> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`no ledger row for ${decisionId}`);
    const store = openStoreReadOnly(join(d.home, 'router.db'));
    const row = store.ledger.get(decisionId);
    store.close();
    if (row?.request.trace !== undefined) return row;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The decision trace the ledger stored for a request. */
async function traceOf(decisionId: string): Promise<{ notes: string[] }> {
  return (await ledgerRow(decisionId)).request.trace as { notes: string[] };
}

describe('the ledger', () => {
  it('labels a Responses request as a responses client (not openai)', async () => {
    chat.script({ kind: 'text', text: 'labelled' });
    const { response } = await client.responses.create({ model: 'chat', input: 'hi' }).withResponse();
    const row = await ledgerRow(response.headers.get('x-router-decision')!);
    expect(row.request.clientFormat).toBe('responses');
    const explained = await cli(d.home, ['explain', row.request.decisionId]);
    expect(explained.stdout).toContain('(responses client)');
  });
});

describe('what a translation cannot carry', () => {
  it('hosted tools, OpenAI reasoning and store are dropped for a Chat upstream and the trace says so', async () => {
    chat.script({ kind: 'text', text: 'no search here' });
    const { data, response } = await client.responses
      .create({
        model: 'chat',
        input: [
          { role: 'user', content: 'news?' },
          { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA' },
        ],
        tools: [shellTool, { type: 'web_search' }],
        store: true,
      })
      .withResponse();
    expect(data.output_text).toBe('no search here');
    expect((chat.received[0]!.body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['exec_command']);
    const trace = await traceOf(response.headers.get('x-router-decision')!);
    expect(trace.notes).toContain('chat/chat-fake: hosted tools dropped (no equivalent outside the Responses API): web_search');
    expect(trace.notes).toContain('chat/chat-fake: 1 OpenAI reasoning item(s) left out (only a Responses upstream can read them)');
    expect(trace.notes).toContain(
      'chat/chat-fake: store: true not kept (only a Responses upstream stores responses, or the router with responses.store: true)',
    );
  });

  it('a namespace group is flattened for a Chat upstream and its call regrouped for the client', async () => {
    chat.script({ kind: 'tool', name: 'multi_agent_v1__spawn_agent', args: '{}' });
    const res = await client.responses.create({
      model: 'chat',
      input: 'spawn one',
      tools: [
        {
          type: 'namespace',
          name: 'multi_agent_v1',
          description: 'agents',
          tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} }, strict: false }],
        },
      ] as unknown as OpenAI.Responses.Tool[],
    });
    expect((chat.received[0]!.body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual([
      'multi_agent_v1__spawn_agent',
    ]);
    expect(res.output[0]).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1' });
  });

  it("another provider's reasoning goes back to it and is stripped for a Responses upstream", async () => {
    an.script({ kind: 'text', text: 'thought about it' });
    const wrapped = {
      type: 'reasoning' as const,
      id: 'rs_x',
      summary: [],
      encrypted_content: `llmr.thinking.v1:${JSON.stringify({ thinking: 'hmm', signature: 'SIG' })}`,
    };
    const input: OpenAI.Responses.ResponseInput = [
      { role: 'user', content: 'q' },
      wrapped,
      { type: 'message', role: 'assistant', content: 'a', id: 'msg_1', status: 'completed' } as never,
      { role: 'user', content: 'q2' },
    ];
    await client.responses.create({ model: 'claude', input, max_output_tokens: 2000 });
    expect((an.received[0]!.body.messages as { content: unknown }[])[1]!.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: 'SIG' },
      { type: 'text', text: 'a' },
    ]);
    rs.script({ kind: 'text', text: 'ok' });
    await client.responses.create({ model: 'gpt', input });
    expect((rs.received[0]!.body.input as { type?: string }[]).map((i) => i.type ?? 'message')).toEqual(['message', 'message', 'message']);
  });
});

describe('Responses client, Anthropic, Gemini and Ollama upstreams (translated)', () => {
  it('Anthropic: whole and streamed, developer text as system, max_output_tokens as max_tokens', async () => {
    an.script({ kind: 'text', text: 'hello from anthropic' });
    const res = await client.responses.create({
      model: 'claude',
      input: [
        { role: 'developer', content: 'Be kind.' },
        { role: 'user', content: 'hi' },
      ],
      max_output_tokens: 300,
    });
    expect(res.output_text).toBe('hello from anthropic');
    expect(an.received[0]!.body).toMatchObject({
      model: 'claude-fake',
      max_tokens: 300,
      system: [{ type: 'text', text: 'Be kind.' }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    const evs = await streamed({ model: 'claude', input: 'hi' });
    expect(checkSequence(evs).output_text).toBe('hello from anthropic');
  });

  it('Anthropic: a tool loop with reasoning.effort as a thinking budget', async () => {
    an.script({ kind: 'tool', name: 'exec_command', id: 'toolu_9', fragments: ['{"cmd":', '"ls"}'] }, { kind: 'text', text: 'done' });
    const first = await client.responses.create({
      model: 'claude',
      input: 'ls',
      tools: [shellTool],
      reasoning: { effort: 'low' },
      max_output_tokens: 4000,
    });
    expect(an.received[0]!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    const call = first.output.find((i) => i.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ call_id: 'toolu_9', arguments: '{"cmd":"ls"}' });
    const second = await client.responses.create({
      model: 'claude',
      input: [{ role: 'user', content: 'ls' }, call, { type: 'function_call_output', call_id: 'toolu_9', output: 'x' }],
      tools: [shellTool],
    });
    expect(second.output_text).toBe('done');
    expect((an.received[1]!.body.messages as unknown[]).slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'exec_command', input: { cmd: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'x' }] },
    ]);
  });

  it('simulated (even marked responses: true, which only OpenAI-style providers can serve): whole and streamed', async () => {
    expect((await client.responses.create({ model: 'sim', input: 'hi' })).output_text).toBe('hello from the simulator');
    expect(checkSequence(await streamed({ model: 'sim', input: 'hi' })).output_text).toBe('hello from the simulator');
  });

  it('Gemini and Ollama: whole and streamed text', async () => {
    gm.script({ kind: 'text', text: 'hello from gemini' });
    ol.script({ kind: 'text', text: 'hello from ollama' });
    expect((await client.responses.create({ model: 'gemini', input: 'hi' })).output_text).toBe('hello from gemini');
    expect(checkSequence(await streamed({ model: 'gemini', input: 'hi' })).output_text).toBe('hello from gemini');
    expect((await client.responses.create({ model: 'local', input: 'hi' })).output_text).toBe('hello from ollama');
    expect(checkSequence(await streamed({ model: 'local', input: 'hi' })).output_text).toBe('hello from ollama');
  });
});

describe('Responses client, Responses upstream (pass-through)', () => {
  const turn = {
    input: [
      { type: 'message' as const, role: 'developer' as const, content: [{ type: 'input_text' as const, text: 'You are Codex.' }] },
      { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text: 'ls' }] },
      { type: 'reasoning' as const, id: 'rs_prev', summary: [], encrypted_content: 'gAAAA-opaque-from-openai' },
      {
        type: 'function_call' as const,
        id: 'fc_prev',
        call_id: 'call_prev',
        name: 'exec_command',
        arguments: '{"cmd":"ls"}',
        status: 'completed' as const,
      },
      { type: 'function_call_output' as const, call_id: 'call_prev', output: 'a.txt' },
    ],
    tools: [shellTool, { type: 'web_search' as const }],
    store: false,
    include: ['reasoning.encrypted_content' as const],
    prompt_cache_key: 'session-42',
    reasoning: { summary: 'auto' as const },
    parallel_tool_calls: true,
  };

  it('sends the body unchanged but for model, to /v1/responses, and returns the upstream answer', async () => {
    rs.script({ kind: 'text', text: 'hello from responses', reasoning: 'gAAAA-new' });
    const res = await client.responses.create({ model: 'gpt', ...turn });
    expect(res.output_text).toBe('hello from responses');
    expect(res.output[0]).toMatchObject({ type: 'reasoning', encrypted_content: 'gAAAA-new' });
    const sent = rs.received[0]!;
    expect(sent.path).toBe('/v1/responses');
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-openai');
    expect(sent.body).toEqual({ model: 'gpt-fake', ...JSON.parse(JSON.stringify(turn)) });
  });

  it('streams the upstream events as they came, and the usage reaches the ledger', async () => {
    rs.script({ kind: 'call', name: 'exec_command', args: '{"cmd":"cat a.txt"}', reasoning: 'gAAAA-r2' });
    const evs = await streamed({ model: 'gpt', ...turn });
    const final = checkSequence(evs);
    expect(final.output.map((i: Ev) => i.type)).toEqual(['reasoning', 'function_call']);
    expect(
      evs
        .filter((e) => e.type === 'response.function_call_arguments.delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe('{"cmd":"cat a.txt"}');
    expect(rs.received[0]!.body.stream).toBe(true);
  });

  it('an upstream response.failed after output becomes one response.failed that continues the numbering', async () => {
    rs.script({ kind: 'failed-mid-stream', text: 'half an answer', code: 'server_error' });
    const res = await fetch(`${d.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', input: 'hi', stream: true }),
    });
    const evs = events(await res.text()).map((e) => JSON.parse(e.data) as Ev);
    const final = checkSequence(evs, 'response.failed');
    expect(final.error.message).toContain('fake server_error');
  });

  it('failover before the first byte from a Chat target to a Responses target passes the request through', async () => {
    chat.script({ kind: 'status', status: 503 });
    rs.script({ kind: 'text', text: 'second target' });
    const res = await client.responses.create({ model: 'chat-then-gpt', ...turn });
    expect(res.output_text).toBe('second target');
    expect(rs.received[0]!.body.prompt_cache_key).toBe('session-42');
  });
});

describe('Chat and Anthropic clients, Responses-only upstream (translated)', () => {
  it('a Chat client: request as Responses items, answer as a chat.completion, stream as chunks', async () => {
    rs.script({ kind: 'call', name: 'get', args: '{"c":"Oslo"}' }, { kind: 'text', text: 'chat via responses' });
    const oai = client;
    const first = await oai.chat.completions.create({
      model: 'ronly',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get', parameters: { type: 'object', properties: {} } } }],
    });
    expect(first.choices[0]!.message.tool_calls?.[0]).toMatchObject({
      id: 'call_fake1',
      function: { name: 'get', arguments: '{"c":"Oslo"}' },
    });
    expect(rs.received[0]!.path).toBe('/v1/responses');
    expect(rs.received[0]!.body).toMatchObject({
      model: 'gpt-ronly',
      input: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', name: 'get', strict: false }],
      store: false,
    });
    const stream = await oai.chat.completions.create({ model: 'ronly', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('chat via responses');
  });

  it('an Anthropic client gets an Anthropic message', async () => {
    rs.script({ kind: 'text', text: 'anthropic via responses' });
    const anth = new Anthropic({ baseURL: d.url, apiKey: 'unused', maxRetries: 0 });
    const msg = await anth.messages.create({ model: 'ronly', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    expect(msg.content).toEqual([{ type: 'text', text: 'anthropic via responses' }]);
    expect(msg.usage.input_tokens).toBe(40 - 16);
    expect(rs.received[0]!.body).toMatchObject({ model: 'gpt-ronly', max_output_tokens: 100 });
  });

  it('an Anthropic client streams a tool call from it, with usage', async () => {
    rs.script({ kind: 'call', name: 'get', args: '{"c":"Oslo"}', callId: 'call_x9' });
    const anth = new Anthropic({ baseURL: d.url, apiKey: 'unused', maxRetries: 0 });
    const msg = await anth.messages
      .stream({
        model: 'ronly',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [{ name: 'get', input_schema: { type: 'object', properties: {} } }],
      })
      .finalMessage();
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content).toEqual([{ type: 'tool_use', id: 'call_x9', name: 'get', input: { c: 'Oslo' } }]);
    expect(msg.usage.output_tokens).toBe(12);
    expect(rs.received[0]!.body.stream).toBe(true);
  });
});

describe('errors', () => {
  it('unknown model: 404 in the OpenAI error body', async () => {
    const err = await client.responses.create({ model: 'no-such-model', input: 'hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ type: 'invalid_request_error', param: 'model' });
  });

  it('a body that is not a Responses request: 400 naming the field', async () => {
    const res = await fetch(`${d.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: 'input[0].call_id must be a non-empty string',
        type: 'invalid_request_error',
        param: 'input[0].call_id',
        code: null,
      },
    });
  });

  it('an upstream 429 keeps retry-after', async () => {
    rs.script({ kind: 'status', status: 429, code: 'rate_limit_exceeded', headers: { 'retry-after': '7' } });
    const res = await fetch(`${d.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', input: 'hi' }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });

  it('previous_response_id to a translated upstream: 400 that says why', async () => {
    const res = await fetch(`${d.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', input: 'and then?', previous_response_id: 'resp_1' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; param: string } };
    expect(body.error.param).toBe('previous_response_id');
    expect(body.error.message).toContain('serves the Responses API');
    expect(chat.received).toHaveLength(0);
  });
});
