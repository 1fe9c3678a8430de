import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../src/wire/anthropic/request-decode.js';
import { encodeAnthropicRequest } from '../../src/wire/anthropic/request-encode.js';
import type { AnthropicRequest } from '../../src/wire/anthropic/types.js';
import { decodeOpenAiRequest } from '../../src/wire/openai/request-decode.js';
import { encodeOpenAiRequest } from '../../src/wire/openai/request-encode.js';
import type { OpenAiChatRequest } from '../../src/wire/openai/types.js';
import { history } from './helpers/tool-history.js';
import { WireError } from '../../src/wire/wire-error.js';

const toOpenAi = (req: AnthropicRequest) => encodeOpenAiRequest(decodeAnthropicRequest(req));
const toAnthropic = (req: OpenAiChatRequest) => encodeAnthropicRequest(decodeOpenAiRequest(req));

// Conformance 7: assistant [text, tool_use x2], user [tool_result x2, text].

describe('conformance 7: history round trip', () => {
  const openai = toOpenAi(history);

  it('toward OpenAI: one assistant message with 2 tool_calls, 2 tool messages, then the user text', () => {
    expect(openai.messages).toEqual([
      { role: 'user', content: 'weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking both.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: '24C' },
      { role: 'user', content: 'Which is warmer?' },
    ]);
    expect(openai.max_tokens).toBe(1000);
  });

  it('content is null when the assistant had no text', () => {
    const req: AnthropicRequest = {
      model: 'm',
      max_tokens: 5,
      messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] }],
    };
    expect(toOpenAi(req).messages[0]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
  });

  it('the reverse direction yields the original structure', () => {
    const back = toAnthropic(openai);
    expect(back.messages).toEqual([
      { role: 'user', content: 'weather in Paris and Rome?' },
      history.messages[1],
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '24C' },
          { type: 'text', text: 'Which is warmer?' },
        ],
      },
    ]);
    expect(back.max_tokens).toBe(1000);
  });
});

describe('conformance 8: empty content', () => {
  it('an assistant content "" with tool_calls makes no empty text block; "" user parts are dropped', () => {
    const out = toAnthropic({
      model: 'gpt',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '' },
            { type: 'text', text: 'go' },
          ],
        },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'done' },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'done' }] },
    ]);
  });

  it('drops a message that ends up empty', () => {
    const out = toAnthropic({
      model: 'g',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'user', content: 'again' },
    ]);
  });
});

describe('conformance 9: tool ids', () => {
  it('an OpenAI id with . and : becomes a safe Anthropic id, and comes back unchanged', () => {
    const req: OpenAiChatRequest = {
      model: 'k',
      messages: [
        { role: 'user', content: 'read it' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'functions.Read:0', type: 'function', function: { name: 'Read', arguments: '{"path":"a"}' } }],
        },
        { role: 'tool', tool_call_id: 'functions.Read:0', content: 'text' },
      ],
    };
    const anthropic = toAnthropic(req);
    const use = (anthropic.messages[1]?.content as { id: string }[])[0]?.id as string;
    const result = (anthropic.messages[2]?.content as { tool_use_id: string }[])[0]?.tool_use_id;
    expect(use).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(result).toBe(use);
    const back = toOpenAi(anthropic);
    expect(back.messages[1]?.tool_calls?.[0]?.id).toBe('functions.Read:0');
    expect(back.messages[2]?.tool_call_id).toBe('functions.Read:0');
  });
});

describe('OpenAI -> Anthropic request mapping (PROTOCOLS 3.1)', () => {
  it('maps system, developer, images, tools, choices, stops, temperature', () => {
    const out = toAnthropic({
      model: 'auto',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: 'Use metric units.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
          ],
        },
      ],
      max_completion_tokens: 300,
      temperature: 1.6,
      stop: 'END',
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'find', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
        },
        { type: 'function', function: { name: 'now' } },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      user: 'u-1',
      seed: 3,
    });
    expect(out).toEqual({
      model: 'auto',
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Use metric units.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
      max_tokens: 300,
      temperature: 1,
      stop_sequences: ['END'],
      tools: [
        { name: 'lookup', description: 'find', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
        { name: 'now', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      metadata: { user_id: 'u-1' },
    });
  });

  it.each<[string, Partial<OpenAiChatRequest>, Partial<AnthropicRequest>]>([
    ['tool_choice auto', { tool_choice: 'auto' }, { tool_choice: { type: 'auto' } }],
    ['tool_choice none', { tool_choice: 'none' }, { tool_choice: { type: 'none' } }],
    ['named function', { tool_choice: { type: 'function', function: { name: 'f' } } }, { tool_choice: { type: 'tool', name: 'f' } }],
    ['parallel false without choice', { parallel_tool_calls: false }, { tool_choice: { type: 'auto', disable_parallel_tool_use: true } }],
  ])('%s', (_n, extra, expected) => {
    const out = toAnthropic({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
      ...extra,
    });
    expect(out.tool_choice).toEqual(expected.tool_choice);
  });

  it('reasoning_effort becomes a thinking budget below max_tokens, without temperature', () => {
    const out = toAnthropic({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      reasoning_effort: 'medium',
      max_tokens: 4000,
      temperature: 0.2,
    });
    expect(out.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(out.max_tokens).toBe(12192);
    expect(out.temperature).toBeUndefined();
  });

  it('reasoning_effort as output_config when asked', () => {
    const out = encodeAnthropicRequest(
      decodeOpenAiRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'high' }),
      { effortAs: 'output_config', defaultMaxTokens: 2000 },
    );
    expect(out.output_config).toEqual({ effort: 'high' });
    expect(out.thinking).toBeUndefined();
    expect(out.max_tokens).toBe(2000);
  });

  it('clamps max_tokens to the model cap', () => {
    expect(
      encodeAnthropicRequest(decodeOpenAiRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 100000 }), {
        maxTokensCap: 8192,
      }).max_tokens,
    ).toBe(8192);
  });

  it('json_schema response_format becomes output_config.format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const out = toAnthropic({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_schema', json_schema: { name: 'r', schema } },
    });
    expect(out.output_config).toEqual({ format: { type: 'json_schema', schema } });
  });

  it('rejects audio and n > 1 with a typed error', () => {
    expect(() =>
      toAnthropic({
        model: 'm',
        messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }],
      }),
    ).toThrow(WireError);
    expect(() => toAnthropic({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 })).toThrow(/n: more than one/);
  });

  it('wraps unparseable tool arguments in an object instead of sending the raw string', () => {
    const out = toAnthropic({
      model: 'm',
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] },
      ],
    });
    expect(out.messages[0]?.content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: { raw_arguments: '{"a":' } }]);
  });

  it('drops reasoning_content (no signature) toward Anthropic', () => {
    const out = toAnthropic({ model: 'm', messages: [{ role: 'assistant', content: 'hi', reasoning_content: 'thought' }] });
    expect(out.messages[0]).toEqual({ role: 'assistant', content: 'hi' });
  });
});

describe('Anthropic -> OpenAI request mapping (PROTOCOLS 3.2)', () => {
  const claudeCode: AnthropicRequest = {
    model: 'claude-sonnet',
    max_tokens: 32000,
    stream: true,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=1' },
      { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>ctx</system-reminder>' },
          { type: 'text', text: 'fix the bug', cache_control: { type: 'ephemeral' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig' },
          { type: 'tool_use', id: 'toolu_9', name: 'Bash', input: { cmd: 'ls' } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_9',
            is_error: true,
            content: [
              { type: 'text', text: 'denied' },
              { type: 'image', source: { type: 'url', url: 'https://x/s.png' } },
            ],
          },
        ],
      },
    ],
    tools: [
      { name: 'Bash', description: 'run', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
      { type: 'web_search_20250305', name: 'web_search' },
    ],
    tool_choice: { type: 'tool', name: 'Bash', disable_parallel_tool_use: true },
    thinking: { type: 'enabled', budget_tokens: 10000 },
    metadata: { user_id: 'user_' + 'a'.repeat(80) },
    context_management: { edits: [] },
  };

  it('translates a Claude-Code-like request', () => {
    expect(encodeOpenAiRequest(decodeAnthropicRequest(claudeCode), { streamUsage: true })).toEqual({
      model: 'claude-sonnet',
      messages: [
        { role: 'system', content: 'x-anthropic-billing-header: cc_version=1\nYou are Claude Code.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>ctx</system-reminder>' },
            { type: 'text', text: 'fix the bug' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'toolu_9', type: 'function', function: { name: 'Bash', arguments: '{"cmd":"ls"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_9', content: 'Error: denied' },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/s.png' } }] },
      ],
      max_tokens: 32000,
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'Bash', description: 'run', parameters: { type: 'object', properties: {} } } }],
      tool_choice: { type: 'function', function: { name: 'Bash' } },
      parallel_tool_calls: false,
      reasoning_effort: 'medium',
      // The 85-character user_id is over OpenAI's 64: hashed, not dropped.
      user: expect.stringMatching(/^uid-[0-9a-f]{16}$/),
    });
  });

  it('omits tool_choice when the tool list is empty, and reasoning when told', () => {
    const out = encodeOpenAiRequest(
      decodeAnthropicRequest({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'title' }],
        tools: [],
        tool_choice: { type: 'auto' },
        output_config: { effort: 'low' },
      }),
      {
        reasoning: false,
        maxTokensField: 'max_completion_tokens',
      },
    );
    expect(out).toEqual({ model: 'm', messages: [{ role: 'user', content: 'title' }], max_completion_tokens: 10 });
  });

  it('echoes thinking as reasoning_content when asked (DeepSeek)', () => {
    const out = encodeOpenAiRequest(decodeAnthropicRequest(claudeCode), { reasoningContent: true, developerRole: 'system' });
    expect(out.messages[2]?.reasoning_content).toBe('hmm');
  });
});

describe('developer role', () => {
  it.each<[string, 'keep' | 'system' | undefined, string]>([
    ['kept for OpenAI upstreams', undefined, 'developer'],
    ['mapped to system for servers that do not know it', 'system', 'system'],
  ])('%s', (_n, developerRole, role) => {
    const c = decodeOpenAiRequest({
      model: 'm',
      messages: [
        { role: 'developer', content: 'rules' },
        { role: 'user', content: 'x' },
      ],
    });
    expect(encodeOpenAiRequest(c, developerRole === undefined ? {} : { developerRole }).messages[0]).toEqual({ role, content: 'rules' });
  });
});
