import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, CanonicalStreamEvent } from '../../src/wire/canonical.js';
import { collectResponse, responseEvents } from '../../src/wire/stream-collect.js';

const usage = { inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

const answers: Array<[string, CanonicalResponse]> = [
  ['text', { id: 'm1', model: 'x', content: [{ type: 'text', text: 'hello' }], stopReason: 'end_turn', usage }],
  [
    'thinking, text and a tool call',
    {
      id: 'm2',
      model: 'x',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'text', text: 'checking' },
        { type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Oslo' }, arguments: '{"city":"Oslo"}' },
      ],
      stopReason: 'tool_use',
      usage,
    },
  ],
  [
    'a stop sequence',
    { id: 'm3', model: 'x', content: [{ type: 'text', text: 'a' }], stopReason: 'stop_sequence', stopSequence: '##', usage },
  ],
];

describe('stream collect and replay', () => {
  it.each(answers)('%s: told as events and collected again, the answer is the same', (_name, res) => {
    expect(collectResponse(responseEvents(res))).toEqual(res);
  });

  it('joins deltas and tool argument pieces', () => {
    const events: CanonicalStreamEvent[] = [
      { type: 'start', id: 'm', model: 'x' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'he' },
      { type: 'text_delta', index: 0, text: 'llo' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'tool_use', id: 't', name: 'f' } },
      { type: 'tool_args_delta', index: 1, json: '{"a":' },
      { type: 'tool_args_delta', index: 1, json: '1}' },
      { type: 'block_stop', index: 1 },
      { type: 'finish', stopReason: 'tool_use', usage },
      { type: 'end' },
    ];
    expect(collectResponse(events)?.content).toEqual([
      { type: 'text', text: 'hello' },
      { type: 'tool_use', id: 't', name: 'f', input: { a: 1 }, arguments: '{"a":1}' },
    ]);
  });

  it.each([
    [
      'an error',
      [
        { type: 'start', id: 'm', model: 'x' },
        { type: 'error', error: { type: 'api_error', message: 'boom' } },
      ],
    ],
    [
      'no end',
      [
        { type: 'start', id: 'm', model: 'x' },
        { type: 'finish', stopReason: 'end_turn' },
      ],
    ],
    ['no finish', [{ type: 'start', id: 'm', model: 'x' }, { type: 'end' }]],
  ] as Array<[string, CanonicalStreamEvent[]]>)('a stream with %s is not an answer', (_name, events) => {
    expect(collectResponse(events)).toBeNull();
  });
});
