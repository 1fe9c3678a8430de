import { describe, expect, it } from 'vitest';
import { replaceLastUserTextOpenAi, summarizeOpenAi, validateOpenAiChat } from '../../../src/wire/openai/request.js';
import type { OpenAiChatRequest } from '../../../src/wire/openai/types.js';

const user = (content: unknown) => ({ role: 'user', content });

describe('validateOpenAiChat', () => {
  it.each<[string, unknown, string, string]>([
    ['not an object', [], 'body', 'body must be a JSON object'],
    ['missing model', { messages: [user('hi')] }, 'model', 'model must be a non-empty string'],
    ['empty messages', { model: 'm', messages: [] }, 'messages', 'messages must be a non-empty array'],
    ['messages not array', { model: 'm', messages: 'hi' }, 'messages', 'messages must be a non-empty array'],
    ['message not object', { model: 'm', messages: ['hi'] }, 'messages[0]', 'messages[0] must be an object'],
    [
      'unknown role',
      { model: 'm', messages: [user('a'), user('b'), { role: 'bot', content: 'x' }] },
      'messages[2].role',
      'messages[2].role must be one of system, developer, user, assistant, tool',
    ],
    [
      'user content number',
      { model: 'm', messages: [user(5)] },
      'messages[0].content',
      'messages[0].content must be a string or an array of content parts',
    ],
    [
      'user part type',
      { model: 'm', messages: [user([{ type: 'video' }])] },
      'messages[0].content[0].type',
      'messages[0].content[0].type must be one of text, image_url, input_audio, file',
    ],
    [
      'text part without text',
      { model: 'm', messages: [user([{ type: 'text' }])] },
      'messages[0].content[0].text',
      'messages[0].content[0].text must be a string',
    ],
    [
      'image without url',
      { model: 'm', messages: [user([{ type: 'image_url', image_url: {} }])] },
      'messages[0].content[0].image_url.url',
      'messages[0].content[0].image_url.url must be a string',
    ],
    [
      'system with image',
      { model: 'm', messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] },
      'messages[0].content[0].type',
      'messages[0].content[0].type must be one of text',
    ],
    [
      'tool without id',
      { model: 'm', messages: [{ role: 'tool', content: 'r' }] },
      'messages[0].tool_call_id',
      'messages[0].tool_call_id must be a string',
    ],
    [
      'tool call arguments as object',
      {
        model: 'm',
        messages: [
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }] },
        ],
      },
      'messages[0].tool_calls[0].function.arguments',
      'messages[0].tool_calls[0].function.arguments must be a JSON string',
    ],
    ['stream string', { model: 'm', messages: [user('hi')], stream: 'yes' }, 'stream', 'stream must be a boolean'],
    [
      'max_tokens negative',
      { model: 'm', messages: [user('hi')], max_tokens: -1 },
      'max_tokens',
      'max_tokens must be a non-negative integer',
    ],
    ['tools not array', { model: 'm', messages: [user('hi')], tools: {} }, 'tools', 'tools must be an array'],
    [
      'tool without name',
      { model: 'm', messages: [user('hi')], tools: [{ type: 'function', function: {} }] },
      'tools[0].function.name',
      'tools[0].function.name must be a non-empty string',
    ],
    [
      'tool_choice bogus',
      { model: 'm', messages: [user('hi')], tool_choice: 'always' },
      'tool_choice',
      'tool_choice must be one of none, auto, required, or an object',
    ],
    ['stop numbers', { model: 'm', messages: [user('hi')], stop: [1] }, 'stop', 'stop must be a string or an array of strings'],
  ])('rejects %s', (_n, body, param, message) => {
    expect(validateOpenAiChat(body)).toEqual({ ok: false, param, message });
  });

  it.each<[string, unknown]>([
    ['minimal', { model: 'm', messages: [user('hi')] }],
    ['nulls for optional fields', { model: 'm', messages: [user('hi')], stream: null, max_tokens: null, temperature: null, stop: null }],
    [
      'full conversation',
      {
        model: 'gpt-x',
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'developer', content: 'be brief' },
          user([
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ]),
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'ok' }] },
          { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] },
        ],
        tools: [{ type: 'function', function: { name: 'get', parameters: { type: 'object' } } }],
        tool_choice: { type: 'function', function: { name: 'get' } },
        extra_field: 1,
      },
    ],
  ])('accepts %s and returns the same object', (_n, body) => {
    const r = validateOpenAiChat(body);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.req).toBe(body);
  });
});

const base: OpenAiChatRequest = {
  model: 'auto',
  stream: true,
  stream_options: { include_usage: true },
  max_completion_tokens: 500,
  max_tokens: 100,
  messages: [
    { role: 'system', content: 'sys one' },
    { role: 'developer', content: [{ type: 'text', text: 'dev two' }] },
    { role: 'user', content: 'first question' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get', arguments: '{"a":1}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: 'result' },
    {
      role: 'user',
      content: [
        { type: 'text', text: '@reasoning why' },
        { type: 'image_url', image_url: { url: 'https://x/y.png' } },
        { type: 'text', text: 'second' },
      ],
    },
  ],
  tools: [{ type: 'function', function: { name: 'get', parameters: { type: 'object' } } }],
};

describe('summarizeOpenAi', () => {
  it('summarizes a conversation', () => {
    expect(summarizeOpenAi(base)).toEqual({
      stream: true,
      lastUserText: '@reasoning why\nsecond',
      systemText: 'sys one\ndev two',
      textChars:
        'sys one'.length +
        'dev two'.length +
        'first question'.length +
        'get'.length +
        '{"a":1}'.length +
        'result'.length +
        '@reasoning why'.length +
        'second'.length,
      imageCount: 1,
      toolCount: 1,
      toolsChars: JSON.stringify(base.tools).length,
      maxOutputTokens: 500,
      wantsUsage: true,
    });
  });

  it.each<[string, Partial<OpenAiChatRequest>, boolean, number | undefined]>([
    ['include_usage without stream does not count', { stream: false, stream_options: { include_usage: true } }, false, undefined],
    ['max_tokens fallback', { max_tokens: 42 }, false, 42],
  ])('%s', (_n, extra, wantsUsage, max) => {
    const s = summarizeOpenAi({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...extra });
    expect(s.wantsUsage).toBe(wantsUsage);
    expect(s.maxOutputTokens).toBe(max);
  });
});

describe('replaceLastUserTextOpenAi', () => {
  it('cuts a stripped prefix from the leading text part and keeps images and order', () => {
    const out = replaceLastUserTextOpenAi(base, 'why\nsecond');
    expect(out.messages[5]?.content).toEqual([
      { type: 'text', text: 'why' },
      { type: 'image_url', image_url: { url: 'https://x/y.png' } },
      { type: 'text', text: 'second' },
    ]);
    expect(out.messages.slice(0, 5)).toEqual(base.messages.slice(0, 5));
    expect((base.messages[5]?.content as { text?: string }[])[0]?.text).toBe('@reasoning why');
  });

  it('drops a text part that was all prefix', () => {
    const req: OpenAiChatRequest = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '@fast' },
            { type: 'text', text: 'go' },
          ],
        },
      ],
    };
    expect(replaceLastUserTextOpenAi(req, 'go').messages[0]?.content).toEqual([{ type: 'text', text: 'go' }]);
  });

  it('replaces string content', () => {
    const req: OpenAiChatRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: '@swe fix it' },
        { role: 'assistant', content: 'ok' },
      ],
    };
    const out = replaceLastUserTextOpenAi(req, 'fix it');
    expect(out.messages).toEqual([
      { role: 'user', content: 'fix it' },
      { role: 'assistant', content: 'ok' },
    ]);
    expect(req.messages[0]?.content).toBe('@swe fix it');
  });

  it('collapses text parts when the new text is not a suffix', () => {
    const req: OpenAiChatRequest = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'image_url', image_url: { url: 'u' } },
            { type: 'text', text: 'b' },
          ],
        },
      ],
    };
    expect(replaceLastUserTextOpenAi(req, 'new').messages[0]?.content).toEqual([
      { type: 'text', text: 'new' },
      { type: 'image_url', image_url: { url: 'u' } },
    ]);
  });
});
