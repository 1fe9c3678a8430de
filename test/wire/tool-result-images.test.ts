// An image inside a tool result (a screenshot tool, Claude Code's Read on a PNG) must reach Gemini
// and Ollama, whose tool messages carry no images of their own; it is never dropped in silence.
import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../src/wire/anthropic/request-decode.js';
import type { AnthropicRequest } from '../../src/wire/anthropic/types.js';
import { encodeGeminiRequest } from '../../src/wire/gemini/request-encode.js';
import { encodeOllamaRequest } from '../../src/wire/ollama/request-encode.js';
import { WireError } from '../../src/wire/wire-error.js';

const png = { type: 'base64' as const, media_type: 'image/png', data: 'iVBORw0KGgo' };
const jpeg = { type: 'base64' as const, media_type: 'image/jpeg', data: '/9j/4AAQ' };

function withToolImages(resultContent: unknown[], after: unknown[] = []): AnthropicRequest {
  return {
    model: 'm',
    max_tokens: 100,
    messages: [
      { role: 'user', content: 'take a screenshot' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: resultContent }, ...after],
      } as AnthropicRequest['messages'][number],
    ],
  };
}

describe('tool-result images toward Gemini', () => {
  it('travel as inlineData in the user turn, right after the functionResponse', () => {
    const c = decodeAnthropicRequest(
      withToolImages(
        [
          { type: 'text', text: 'here it is' },
          { type: 'image', source: png },
        ],
        [{ type: 'text', text: 'what do you see?' }],
      ),
    );
    expect(encodeGeminiRequest(c).contents.at(-1)).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'screenshot', id: 'toolu_1', response: { result: 'here it is' } } },
        { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo' } },
        { text: 'what do you see?' },
      ],
    });
  });

  it('keeps every function response first when several results carry images', () => {
    const c = decodeAnthropicRequest({
      model: 'm',
      max_tokens: 100,
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'a', name: 'shot', input: {} },
            { type: 'tool_use', id: 'b', name: 'shot', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'a', content: [{ type: 'image', source: png }] },
            { type: 'tool_result', tool_use_id: 'b', content: [{ type: 'image', source: jpeg }] },
          ],
        },
      ],
    });
    const parts = encodeGeminiRequest(c).contents.at(-1)!.parts;
    expect(parts.map((p) => Object.keys(p)[0])).toEqual(['functionResponse', 'functionResponse', 'inlineData', 'inlineData']);
    expect(parts[3]).toEqual({ inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } });
  });
});

describe('tool-result images toward Ollama', () => {
  it('travel in the images of a user message after the tool message (bare base64)', () => {
    const c = decodeAnthropicRequest(
      withToolImages([
        { type: 'text', text: 'here it is' },
        { type: 'image', source: png },
      ]),
    );
    expect(encodeOllamaRequest(c).messages.slice(-2)).toEqual([
      { role: 'tool', content: 'here it is', tool_name: 'screenshot' },
      { role: 'user', content: '', images: ['iVBORw0KGgo'] },
    ]);
  });

  it('join the user text of the same turn, tool images first', () => {
    const c = decodeAnthropicRequest(
      withToolImages(
        [{ type: 'image', source: png }],
        [
          { type: 'text', text: 'and this one?' },
          { type: 'image', source: jpeg },
        ],
      ),
    );
    expect(encodeOllamaRequest(c).messages.slice(-2)).toEqual([
      { role: 'tool', content: '', tool_name: 'screenshot' },
      { role: 'user', content: 'and this one?', images: ['iVBORw0KGgo', '/9j/4AAQ'] },
    ]);
  });

  it('a URL image in a tool result is a WireError, not a silent loss (Ollama takes only inline images)', () => {
    const c = decodeAnthropicRequest(withToolImages([{ type: 'image', source: { type: 'url', url: 'https://example.com/s.png' } }]));
    expect(() => encodeOllamaRequest(c)).toThrow(WireError);
  });
});
