import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../src/wire/anthropic/request-decode.js';
import { encodeAnthropicRequest } from '../../src/wire/anthropic/request-encode.js';
import type { AnthropicRequest } from '../../src/wire/anthropic/types.js';
import { decodeOpenAiRequest } from '../../src/wire/openai/request-decode.js';
import { encodeOpenAiRequest } from '../../src/wire/openai/request-encode.js';
import type { OpenAiChatRequest } from '../../src/wire/openai/types.js';
import { history } from './helpers/tool-history.js';

describe('same-format round trips keep what matters', () => {
  it.each<[string, OpenAiChatRequest]>([
    [
      'OpenAI conversation',
      {
        model: 'gpt-x',
        messages: [
          { role: 'developer', content: 'be brief' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'look' },
              { type: 'image_url', image_url: { url: 'https://a/b.png', detail: 'high' } },
            ],
            name: 'ann',
          },
          {
            role: 'assistant',
            content: 'calling',
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get', arguments: '{ "a" : 1 }' },
                extra_content: { google: { thought_signature: 'SIG' } },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
          { role: 'system', content: 'mid-conversation note' },
          { role: 'user', content: 'thanks' },
        ],
        max_completion_tokens: 50,
        temperature: 0.3,
        top_p: 0.9,
        stop: ['a', 'b'],
        stream: true,
        stream_options: { include_usage: true },
        tools: [{ type: 'function', function: { name: 'get', description: 'd', parameters: { type: 'object' }, strict: true } }],
        tool_choice: 'auto',
        parallel_tool_calls: true,
        reasoning_effort: 'low',
        response_format: { type: 'json_object' },
        seed: 7,
        logit_bias: { '1': 2 },
        user: 'me',
        n: 1,
      },
    ],
  ])('%s', (_n, req) => {
    expect(encodeOpenAiRequest(decodeOpenAiRequest(req))).toEqual(req);
  });

  it.each<[string, AnthropicRequest]>([
    [
      'Claude-Code-like request',
      (() => {
        const r = structuredClone(history);
        return {
          ...r,
          system: [{ type: 'text' as const, text: 'sys', cache_control: { type: 'ephemeral' } }],
          stream: true,
          temperature: 0.5,
          top_k: 5,
          stop_sequences: ['###'],
          tools: [
            {
              name: 'get_weather',
              description: 'w',
              input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
              cache_control: { type: 'ephemeral' },
              defer_loading: true,
            },
            { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
          ],
          tool_choice: { type: 'auto', disable_parallel_tool_use: false },
          thinking: { type: 'adaptive' },
          output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } },
          metadata: { user_id: 'abc' },
          context_management: { edits: [{ type: 'clear' }] },
          cache_control: { type: 'ephemeral' },
        };
      })(),
    ],
    [
      'thinking, redacted thinking, documents, server blocks, string system',
      {
        model: 'claude-x',
        max_tokens: 20000,
        system: 'plain system',
        thinking: { type: 'enabled', budget_tokens: 10000 },
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' },
                title: 'spec',
                cache_control: { type: 'ephemeral' },
              },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' } },
              { type: 'image', source: { type: 'file', file_id: 'file_1' } },
              { type: 'text', text: 'summarize', citations: [] },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'let me think', signature: 'EqQBCkYIARgCIkD' },
              { type: 'redacted_thinking', data: 'EmwKAhgBEgy' },
              { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
              { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
              { type: 'text', text: 'Summary.' },
            ],
          },
          { role: 'user', content: 'more' },
        ],
      },
    ],
  ])('Anthropic: %s', (_n, req) => {
    expect(encodeAnthropicRequest(decodeAnthropicRequest(req), { midSystem: 'keep' })).toEqual(req);
  });
});
