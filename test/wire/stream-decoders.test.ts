// What the deleted StreamCollector tests checked, asserted on the real code path: the canonical
// events the upstream stream decoders hand to the relay.
import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from '../../src/wire/anthropic/stream-decoder.js';
import { OpenAiStreamDecoder } from '../../src/wire/openai/stream-decoder.js';
import { anthropicText, anthropicUpstream, decodeAll, messageStart, openAiUpstream } from './helpers/streams.js';

describe('OpenAI stream decoder', () => {
  it('text, then one tool call whose argument fragments join into the JSON the upstream sent', () => {
    const evs = decodeAll(
      new OpenAiStreamDecoder(),
      openAiUpstream([
        { delta: { role: 'assistant', content: 'Hi ' } },
        { delta: { content: 'there' } },
        { delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"a"' } }] } },
        { delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] } },
        { finish: 'tool_calls' },
        { usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } },
        null,
      ]),
    );
    expect(evs[0]).toMatchObject({ type: 'start', id: 'chatcmpl-up', model: 'up-model' });
    const text = evs.flatMap((e) => (e.type === 'text_delta' ? [e.text] : [])).join('');
    expect(text).toBe('Hi there');
    const tool = evs.find((e) => e.type === 'block_start' && e.block.type === 'tool_use');
    expect(tool).toMatchObject({ block: { type: 'tool_use', id: 'call_1', name: 'get' } });
    const args = evs
      .flatMap((e) => (e.type === 'tool_args_delta' && tool?.type === 'block_start' && e.index === tool.index ? [e.json] : []))
      .join('');
    expect(args).toBe('{"a":1}');
    expect(evs.filter((e) => e.type === 'finish')).toEqual([
      {
        type: 'finish',
        stopReason: 'tool_use',
        usage: { inputTokens: 7, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
    ]);
    expect(evs.at(-1)).toEqual({ type: 'end' });
  });

  it('EOF without a finish reason is one stream_broken error, and nothing after it', () => {
    const evs = decodeAll(new OpenAiStreamDecoder(), openAiUpstream([{ delta: { content: 'x' } }]));
    expect(evs.at(-1)).toEqual({
      type: 'error',
      error: { type: 'api_error', code: 'stream_broken', message: 'upstream stream ended without a finish reason' },
    });
    expect(evs.filter((e) => e.type === 'error' || e.type === 'end')).toHaveLength(1);
  });
});

describe('Anthropic stream decoder', () => {
  it('keeps the thinking signature, in order, before the next block', () => {
    const evs = decodeAll(
      new AnthropicStreamDecoder(),
      anthropicUpstream([
        messageStart(),
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'a' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'S' } },
        { type: 'content_block_stop', index: 0 },
        ...anthropicText('b', 1),
        { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } },
        { type: 'message_stop' },
      ]),
    );
    const blocks = evs.filter((e) => e.type !== 'start' && e.type !== 'finish' && e.type !== 'end');
    expect(blocks).toEqual([
      { type: 'block_start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking_delta', index: 0, thinking: 'a' },
      { type: 'signature_delta', index: 0, signature: 'S' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      { type: 'text_delta', index: 1, text: 'b' },
      { type: 'block_stop', index: 1 },
    ]);
  });
});
