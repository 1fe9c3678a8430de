// Conformance 7's history: assistant [text, tool_use x2], then user [tool_result x2, text].
import type { AnthropicRequest } from '../../../src/wire/anthropic/types.js';

export const history: AnthropicRequest = {
  model: 'claude-x',
  max_tokens: 1000,
  messages: [
    { role: 'user', content: 'weather in Paris and Rome?' },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking both.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: '24C' }] },
        { type: 'text', text: 'Which is warmer?' },
      ],
    },
  ],
};
