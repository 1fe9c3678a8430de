// Generated conversations: decode -> encode must give back what the client sent, within a format
// and through the other format (OpenAI -> Anthropic -> OpenAI), tool ids and arguments included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAnthropicRequest } from '../../src/wire/anthropic/request-decode.js';
import { encodeAnthropicRequest } from '../../src/wire/anthropic/request-encode.js';
import type { AnthropicBlock, AnthropicMessage, AnthropicRequest } from '../../src/wire/anthropic/types.js';
import { decodeOpenAiRequest } from '../../src/wire/openai/request-decode.js';
import { encodeOpenAiRequest } from '../../src/wire/openai/request-encode.js';
import type { OpenAiChatRequest, OpenAiMessage } from '../../src/wire/openai/types.js';

const text = fc.string({ minLength: 1, maxLength: 12 });
const toolId = fc.stringMatching(/^[a-zA-Z0-9_.:-]{1,16}$/);
const args = fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean()), {
  maxKeys: 3,
});
const image = fc
  .stringMatching(/^[A-Za-z0-9+/]{4,12}$/)
  .map((d) => ({ type: 'image_url' as const, image_url: { url: `data:image/png;base64,${d}` } }));

const userMsg = fc.oneof(
  text.map((t): OpenAiMessage => ({ role: 'user', content: t })),
  fc.tuple(text, image).map(([t, img]): OpenAiMessage => ({ role: 'user', content: [{ type: 'text', text: t }, img] })),
);

/** An assistant turn with 0-3 tool calls, each answered by a tool message right after. */
const toolTurn = fc
  .tuple(
    fc.option(text, { nil: null }),
    fc.uniqueArray(fc.tuple(toolId, text, args, text), { minLength: 1, maxLength: 3, selector: (t) => t[0] }),
  )
  .map(([content, calls]): OpenAiMessage[] => [
    {
      role: 'assistant',
      content,
      tool_calls: calls.map(([id, name, a]) => ({ id, type: 'function' as const, function: { name, arguments: JSON.stringify(a) } })),
    },
    ...calls.map(([id, , , result]): OpenAiMessage => ({ role: 'tool', tool_call_id: id, content: result })),
  ]);

const openAiRequest = fc
  .tuple(
    fc.option(text, { nil: undefined }),
    fc.array(
      fc.oneof(
        userMsg.map((m) => [m]),
        toolTurn,
        text.map((t): OpenAiMessage[] => [{ role: 'assistant', content: t }]),
      ),
      { minLength: 1, maxLength: 5 },
    ),
    userMsg,
  )
  .map(([system, turns, last]): OpenAiChatRequest => ({
    model: 'm',
    messages: [...(system === undefined ? [] : [{ role: 'system' as const, content: system }]), ...turns.flat(), last],
    max_tokens: 100,
  }));

const anthropicBlock = fc.oneof(
  text.map((t): AnthropicBlock => ({ type: 'text', text: t })),
  fc
    .tuple(text, fc.constantFrom(undefined, { type: 'ephemeral' }))
    .map(([t, cc]): AnthropicBlock => (cc === undefined ? { type: 'text', text: t } : { type: 'text', text: t, cache_control: cc })),
);
const anthropicRequest = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom('user' as const, 'assistant' as const),
        fc.oneof(text, fc.array(anthropicBlock, { minLength: 1, maxLength: 3 })),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.option(text, { nil: undefined }),
  )
  .map(([msgs, system]): AnthropicRequest => {
    const messages: AnthropicMessage[] = msgs.map(([role, content]) => ({ role, content }));
    return system === undefined ? { model: 'c', max_tokens: 10, messages } : { model: 'c', max_tokens: 10, system, messages };
  });

describe('generated round trips', () => {
  it('OpenAI -> canonical -> OpenAI', () => {
    fc.assert(
      fc.property(openAiRequest, (req) => {
        expect(encodeOpenAiRequest(decodeOpenAiRequest(req))).toEqual(req);
      }),
      { numRuns: 300 },
    );
  });

  it('OpenAI -> Anthropic -> OpenAI keeps messages, tool ids and arguments', () => {
    fc.assert(
      fc.property(openAiRequest, (req) => {
        const anthropic = encodeAnthropicRequest(decodeOpenAiRequest(req));
        const ids = anthropic.messages
          .flatMap((m) => (Array.isArray(m.content) ? m.content : []))
          .flatMap((b) => (b.type === 'tool_use' ? [String(b.id)] : b.type === 'tool_result' ? [String(b.tool_use_id)] : []));
        for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
        expect(encodeOpenAiRequest(decodeAnthropicRequest(anthropic))).toEqual(req);
      }),
      { numRuns: 300 },
    );
  });

  it('Anthropic -> canonical -> Anthropic', () => {
    fc.assert(
      fc.property(anthropicRequest, (req) => {
        expect(encodeAnthropicRequest(decodeAnthropicRequest(req))).toEqual(req);
      }),
      { numRuns: 300 },
    );
  });
});
