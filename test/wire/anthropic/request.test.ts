import { describe, expect, it } from 'vitest';
import { replaceLastUserTextAnthropic, summarizeAnthropic, validateAnthropicMessages } from '../../../src/wire/anthropic/request.js';
import type { AnthropicRequest } from '../../../src/wire/anthropic/types.js';

describe('validateAnthropicMessages', () => {
  it.each<[string, unknown, string, string]>([
    ['not an object', 'x', 'body', 'body: must be a JSON object'],
    ['no model', { max_tokens: 1, messages: [] }, 'model', 'model: Field required'],
    ['no max_tokens', { model: 'm', messages: [] }, 'max_tokens', 'max_tokens: Field required'],
    [
      'bad role',
      { model: 'm', max_tokens: 1, messages: [{ role: 'tool', content: 'x' }] },
      'messages.0.role',
      'messages.0.role: must be one of user, assistant',
    ],
    [
      'tool_use input string',
      { model: 'm', max_tokens: 1, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: '{}' }] }] },
      'messages.0.content.0.input',
      'messages.0.content.0.input: must be an object',
    ],
    [
      'tool_result without id',
      { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] },
      'messages.0.content.0.tool_use_id',
      'messages.0.content.0.tool_use_id: must be a string',
    ],
    [
      'system number',
      { model: 'm', max_tokens: 1, messages: [], system: 3 },
      'system',
      'system: must be a string or an array of text blocks',
    ],
    ['tool without name', { model: 'm', max_tokens: 1, messages: [], tools: [{}] }, 'tools.0.name', 'tools.0.name: Field required'],
  ])('rejects %s', (_n, body, param, message) => {
    expect(validateAnthropicMessages(body)).toEqual({ ok: false, param, message });
  });

  it('accepts count_tokens bodies without max_tokens', () => {
    const body = {
      model: 'm',
      system: 's',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
    };
    expect(validateAnthropicMessages(body, { countTokens: true })).toEqual({ ok: true, req: body });
  });
});

const claude: AnthropicRequest = {
  model: 'claude',
  max_tokens: 32000,
  stream: true,
  system: [{ type: 'text', text: 'You are Claude Code.' }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: '@swe fix it' },
        { type: 'image', source: { type: 'url', url: 'u' } },
        { type: 'text', text: 'please' },
      ],
    },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { c: 'ls' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a.txt' }] },
  ],
  tools: [{ name: 'Bash', input_schema: { type: 'object' } }],
};

describe('summarizeAnthropic', () => {
  it('uses the last user turn with text of its own (tool-result-only turns continue it)', () => {
    expect(summarizeAnthropic(claude)).toEqual({
      stream: true,
      lastUserText: '@swe fix it\nplease',
      systemText: 'You are Claude Code.',
      textChars:
        'You are Claude Code.'.length + '@swe fix it'.length + 'please'.length + '{"c":"ls"}'.length + 'Bash'.length + 'a.txt'.length,
      imageCount: 1,
      toolCount: 1,
      toolsChars: JSON.stringify(claude.tools).length,
      maxOutputTokens: 32000,
      wantsUsage: true,
    });
  });
});

describe('replaceLastUserTextAnthropic', () => {
  it('cuts the stripped shortcut from the first text block only', () => {
    const out = replaceLastUserTextAnthropic(claude, 'fix it\nplease');
    expect(out.messages[0]?.content).toEqual([
      { type: 'text', text: 'fix it' },
      { type: 'image', source: { type: 'url', url: 'u' } },
      { type: 'text', text: 'please' },
    ]);
    expect(out.messages.slice(1)).toEqual(claude.messages.slice(1));
    expect(claude.messages[0]?.content).not.toBe(out.messages[0]?.content);
  });

  it('replaces string content', () => {
    const req: AnthropicRequest = { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: '@fast hi' }] };
    expect(replaceLastUserTextAnthropic(req, 'hi').messages).toEqual([{ role: 'user', content: 'hi' }]);
  });
});
