// The Responses request at the edge: validation names the field, the summary feeds the engine,
// and decode/encode map every Responses feature onto the canonical form and the other formats.
import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../../src/wire/anthropic/request-decode.js';
import { encodeAnthropicRequest } from '../../../src/wire/anthropic/request-encode.js';
import { decodeOpenAiRequest } from '../../../src/wire/openai/request-decode.js';
import { encodeOpenAiRequest } from '../../../src/wire/openai/request-encode.js';
import { replaceLastUserTextResponses, summarizeResponses, validateResponses } from '../../../src/wire/responses/request.js';
import { decodeResponsesRequest } from '../../../src/wire/responses/request-decode.js';
import { encodeResponsesRequest } from '../../../src/wire/responses/request-encode.js';
import type { ResponsesRequest } from '../../../src/wire/responses/types.js';

/** A tool turn as Codex CLI 0.171 sends it (PROTOCOLS 8), trimmed. */
export const codexTurn: ResponsesRequest = {
  model: 'gpt-5.1-codex',
  stream: true,
  input: [
    { type: 'message', id: 'msg_1', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
    {
      type: 'message',
      id: 'msg_2',
      role: 'developer',
      content: [{ type: 'input_text', text: '<environment_context>cwd=/tmp</environment_context>' }],
    },
    { type: 'message', id: 'msg_3', role: 'user', content: [{ type: 'input_text', text: 'list the files' }] },
    { type: 'reasoning', id: 'rs_1', summary: [], content: null, encrypted_content: 'gAAAAopaque' },
    { type: 'function_call', status: 'completed', id: 'fc_1', name: 'exec_command', arguments: '{"cmd":"ls"}', call_id: 'call_abc' },
    { type: 'function_call_output', id: 'fco_1', call_id: 'call_abc', output: 'a.txt\nb.txt' },
  ],
  tools: [
    {
      type: 'function',
      name: 'exec_command',
      description: 'Runs a command',
      strict: false,
      parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
    },
    {
      type: 'namespace',
      name: 'multi_agent_v1',
      description: 'Sub-agents',
      tools: [
        { type: 'function', name: 'spawn_agent', description: 'Spawns', strict: false, parameters: { type: 'object', properties: {} } },
      ],
    },
    { type: 'web_search', external_web_access: false },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { summary: 'auto', effort: 'high' },
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'sess-1',
  client_metadata: { originator: 'codex_exec' },
};

describe('validateResponses', () => {
  it('accepts the Codex tool turn', () => {
    expect(validateResponses(codexTurn).ok).toBe(true);
  });

  it.each([
    [{ input: 'hi' }, 'model'],
    [{ model: 'm' }, 'input'],
    [{ model: 'm', input: 5 }, 'input'],
    [{ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role'],
    [{ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
    [{ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 3 }] }, 'input[0].output'],
    [{ model: 'm', input: [{ role: 'user', content: [{ type: 'input_text' }] }] }, 'input[0].content[0].text'],
    [{ model: 'm', input: 'x', max_output_tokens: -1 }, 'max_output_tokens'],
    [{ model: 'm', input: 'x', tools: [{ type: 'function' }] }, 'tools[0].name'],
    [
      { model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'n', tools: [{ type: 'function', name: '' }] }] },
      'tools[0].tools[0].name',
    ],
    [{ model: 'm', input: 'x', tool_choice: 'sometimes' }, 'tool_choice'],
    [{ model: 'm', input: 'x', text: { format: 'json' } }, 'text.format'],
  ])('rejects %j naming %s', (body, param) => {
    const v = validateResponses(body);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.param).toBe(param);
      expect(v.message.startsWith(param)).toBe(true);
    }
  });

  it('allows a follow-up that only names previous_response_id', () => {
    expect(validateResponses({ model: 'm', previous_response_id: 'resp_1' }).ok).toBe(true);
  });
});

describe('summarizeResponses and shortcuts', () => {
  it('reads system text from developer items, the last user text, and counts namespace members as tools', () => {
    const s = summarizeResponses(codexTurn);
    expect(s.stream).toBe(true);
    expect(s.lastUserText).toBe('list the files');
    expect(s.systemText).toBe('You are Codex.\n<environment_context>cwd=/tmp</environment_context>');
    expect(s.toolCount).toBe(3);
    expect(s.wantsUsage).toBe(true);
  });

  it('replaces the last user text of a string or of items', () => {
    expect(replaceLastUserTextResponses({ model: 'm', input: '@fast hi' }, 'hi').input).toBe('hi');
    const out = replaceLastUserTextResponses(codexTurn, 'list');
    expect((out.input as { content: unknown }[])[2]?.content).toEqual([{ type: 'input_text', text: 'list' }]);
    expect(codexTurn.input).not.toBe(out.input);
  });
});

describe('decodeResponsesRequest', () => {
  const c = decodeResponsesRequest(codexTurn);

  it('developer items are system turns, calls join the assistant turn, outputs are tool results paired by call_id', () => {
    expect(c.messages.map((m) => [m.role, m.developer ?? false, m.content.map((b) => b.type)])).toEqual([
      ['system', true, ['text']],
      ['system', true, ['text']],
      ['user', false, ['text']],
      ['assistant', false, ['raw', 'tool_use']],
      ['user', false, ['tool_result']],
    ]);
    expect(c.messages[3]?.content[1]).toEqual({
      type: 'tool_use',
      id: 'call_abc',
      name: 'exec_command',
      input: { cmd: 'ls' },
      arguments: '{"cmd":"ls"}',
    });
    expect(c.messages[4]?.content[0]).toEqual({ type: 'tool_result', toolUseId: 'call_abc', content: 'a.txt\nb.txt' });
  });

  it('flattens the namespace, keeps the hosted tool raw, and carries effort and the pass-through fields', () => {
    expect(c.tools?.map((t) => (t.kind === 'function' ? t.name : `raw:${String(t.value.type)}`))).toEqual([
      'exec_command',
      'multi_agent_v1__spawn_agent',
      'raw:web_search',
    ]);
    expect(c.effort).toBe('high');
    expect(c.toolChoice).toEqual({ type: 'auto' });
    expect(c.parallelToolCalls).toBe(true);
    expect(c.extras?.responses).toEqual({
      reasoning: { summary: 'auto' },
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'sess-1',
      client_metadata: { originator: 'codex_exec' },
    });
  });

  it('to Chat Completions: namespace functions flattened, hosted tool and opaque reasoning dropped', () => {
    const chat = encodeOpenAiRequest(c);
    expect(chat.tools?.map((t) => (t.type === 'function' ? t.function.name : t.type))).toEqual([
      'exec_command',
      'multi_agent_v1__spawn_agent',
    ]);
    expect(chat.messages.map((m) => m.role)).toEqual(['developer', 'developer', 'user', 'assistant', 'tool']);
    expect(chat.messages[3]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } }],
    });
    expect(chat.reasoning_effort).toBe('high');
    expect(JSON.stringify(chat)).not.toContain('gAAAAopaque');
    expect(JSON.stringify(chat)).not.toContain('prompt_cache_key');
  });

  it('to Anthropic: system hoisted, effort becomes a thinking budget, no opaque reasoning', () => {
    const a = encodeAnthropicRequest(c, { defaultMaxTokens: 32000 });
    expect(a.system).toEqual([
      { type: 'text', text: 'You are Codex.' },
      { type: 'text', text: '<environment_context>cwd=/tmp</environment_context>' },
    ]);
    expect(a.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(a.tools?.map((t) => t.name)).toEqual(['exec_command', 'multi_agent_v1__spawn_agent']);
    expect(JSON.stringify(a)).not.toContain('gAAAAopaque');
  });

  it('maps text.format to response_format and back', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };
    const req: ResponsesRequest = {
      model: 'm',
      input: 'count',
      text: { format: { type: 'json_schema', name: 'count', schema, strict: true }, verbosity: 'low' },
      max_output_tokens: 50,
    };
    const chat = encodeOpenAiRequest(decodeResponsesRequest(req));
    expect(chat.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'count', schema, strict: true } });
    expect(chat.max_tokens).toBe(50);
    const back = encodeResponsesRequest(decodeResponsesRequest(req));
    expect(back.text).toEqual({ verbosity: 'low', format: { type: 'json_schema', name: 'count', schema, strict: true } });
  });
});

describe('encodeResponsesRequest (Chat and Anthropic clients to a Responses upstream)', () => {
  it('Chat request: system -> developer/system items, tools non-strict, reasoning_effort and response_format mapped, store off', () => {
    const chat = {
      model: 'o4',
      messages: [
        { role: 'system' as const, content: 'Be brief.' },
        { role: 'user' as const, content: 'weather?' },
        {
          role: 'assistant' as const,
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'get', arguments: '{"c":"Paris"}' } }],
        },
        { role: 'tool' as const, tool_call_id: 'call_1', content: '18C' },
      ],
      tools: [
        { type: 'function' as const, function: { name: 'get', parameters: { type: 'object', properties: { c: { type: 'string' } } } } },
      ],
      tool_choice: 'required' as const,
      reasoning_effort: 'low',
      response_format: { type: 'json_object' as const },
      max_completion_tokens: 99,
      stream: true,
    };
    expect(encodeResponsesRequest(decodeOpenAiRequest(chat), { model: 'o4-mini' })).toEqual({
      model: 'o4-mini',
      input: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'weather?' },
        { type: 'function_call', call_id: 'call_1', name: 'get', arguments: '{"c":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '18C' },
      ],
      max_output_tokens: 99,
      stream: true,
      tools: [{ type: 'function', name: 'get', parameters: { type: 'object', properties: { c: { type: 'string' } } }, strict: false }],
      tool_choice: 'required',
      reasoning: { effort: 'low' },
      text: { format: { type: 'json_object' } },
      store: false,
    });
  });

  it('Anthropic request: thinking budget becomes reasoning.effort, the signed thinking stays with Anthropic', () => {
    const req = decodeAnthropicRequest({
      model: 'c',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 10000 },
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'text', text: 'hello' },
          ],
        },
        { role: 'user', content: 'again' },
      ],
    });
    const out = encodeResponsesRequest(req);
    expect(out.reasoning).toEqual({ effort: 'medium' });
    expect(out.input).toEqual([
      { role: 'user', content: 'hi' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hello', annotations: [] }] },
      { role: 'user', content: 'again' },
    ]);
  });

  it('regroups flattened namespace functions and their calls', () => {
    const back = encodeResponsesRequest(
      decodeResponsesRequest({
        ...codexTurn,
        input: [{ type: 'function_call', call_id: 'c1', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' }],
      }),
    );
    expect(back.tools).toEqual(codexTurn.tools);
    expect(back.input).toEqual([
      { type: 'function_call', call_id: 'c1', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' },
    ]);
  });
});
