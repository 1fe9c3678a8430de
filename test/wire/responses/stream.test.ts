// Responses streams both ways: the encoder's event sequence exactly as PROTOCOLS 8 describes it,
// the decoder reading a real Responses upstream, and re-framing between Chat and Responses.
import { describe, expect, it } from 'vitest';
import type { CanonicalStreamEvent } from '../../../src/wire/canonical.js';
import { OpenAiStreamDecoder } from '../../../src/wire/openai/stream-decoder.js';
import { OpenAiStreamEncoder } from '../../../src/wire/openai/stream-encoder.js';
import { ResponsesStreamDecoder } from '../../../src/wire/responses/stream-decoder.js';
import { ResponsesStreamEncoder } from '../../../src/wire/responses/stream-encoder.js';
import { decodeAll, events, openAiUpstream, pipe } from '../helpers/streams.js';

const opts = { id: 'resp_r1', createdAt: 1732000000, model: 'auto' };

function frames(text: string): Record<string, unknown>[] {
  return events(text).map((e) => {
    const data = JSON.parse(e.data) as Record<string, unknown>;
    expect(e.event).toBe(data.type);
    return data;
  });
}

const usage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 60, cacheWriteTokens: 0, reasoningTokens: 5 };

function encode(evs: CanonicalStreamEvent[], encoder = new ResponsesStreamEncoder(opts)): string {
  return evs.map((e) => encoder.encode(e)).join('');
}

describe('ResponsesStreamEncoder', () => {
  it('output_text joins every text item, escaped once whether one item or several make it up', () => {
    const textItems = (texts: string[]): string => {
      const evs: CanonicalStreamEvent[] = [{ type: 'start', id: 'up', model: 'up' }];
      texts.forEach((text, index) => {
        evs.push({ type: 'block_start', index, block: { type: 'text' } });
        evs.push({ type: 'text_delta', index, text });
        evs.push({ type: 'block_stop', index });
      });
      evs.push({ type: 'finish', stopReason: 'end_turn', usage }, { type: 'end' });
      const completed = frames(encode(evs)).at(-1)?.response as { output_text: string };
      return completed.output_text;
    };
    expect(textItems(['say "hi"\n'])).toBe('say "hi"\n');
    expect(textItems(['one "', 'two\\'])).toBe('one "two\\');
    expect(textItems(['', 'after an empty one'])).toBe('after an empty one');
    expect(textItems(['first', ''])).toBe('first');
  });

  it('text: the whole event sequence, sequence numbers 0.., completed with the response and usage', () => {
    const out = frames(
      encode([
        { type: 'start', id: 'up', model: 'up' },
        { type: 'block_start', index: 0, block: { type: 'text' } },
        { type: 'text_delta', index: 0, text: 'Hel' },
        { type: 'text_delta', index: 0, text: 'lo' },
        { type: 'block_stop', index: 0 },
        { type: 'finish', stopReason: 'end_turn', usage },
        { type: 'end' },
      ]),
    );
    expect(out.map((f) => f.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(out.map((f) => f.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((out[0]?.response as { status: string }).status).toBe('in_progress');
    const done = out[9]?.response as Record<string, unknown>;
    expect(done).toMatchObject({
      id: 'resp_r1',
      object: 'response',
      status: 'completed',
      model: 'auto',
      output: [
        {
          type: 'message',
          id: 'msg_r1_0',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello', annotations: [] }],
        },
      ],
      output_text: 'Hello',
      usage: {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 60 },
        output_tokens: 20,
        output_tokens_details: { reasoning_tokens: 5 },
        total_tokens: 120,
      },
    });
    expect(out[6]).toMatchObject({ item_id: 'msg_r1_0', output_index: 0, content_index: 0, text: 'Hello' });
  });

  it('function call: arguments deltas, done with name and arguments, the namespace regrouped', () => {
    const encoder = new ResponsesStreamEncoder({
      ...opts,
      namespaces: new Map([['multi_agent_v1__spawn', { namespace: 'multi_agent_v1', name: 'spawn' }]]),
    });
    const out = frames(
      encode(
        [
          { type: 'start', id: 'up', model: 'up' },
          { type: 'block_start', index: 0, block: { type: 'tool_use', id: 'call_9', name: 'multi_agent_v1__spawn' } },
          { type: 'tool_args_delta', index: 0, json: '{"a":' },
          { type: 'tool_args_delta', index: 0, json: '1}' },
          { type: 'block_stop', index: 0 },
          { type: 'finish', stopReason: 'tool_use' },
          { type: 'end' },
        ],
        encoder,
      ),
    );
    expect(out.map((f) => f.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(out[2]?.item).toEqual({
      id: 'fc_r1_0',
      type: 'function_call',
      status: 'in_progress',
      arguments: '',
      call_id: 'call_9',
      name: 'spawn',
      namespace: 'multi_agent_v1',
    });
    expect(out[5]).toMatchObject({ arguments: '{"a":1}', name: 'spawn' });
    expect(out[6]?.item).toMatchObject({ status: 'completed', arguments: '{"a":1}', call_id: 'call_9' });
  });

  it('signed thinking becomes a reasoning item with a summary and a wrapped encrypted_content', () => {
    const out = frames(
      encode([
        { type: 'start', id: 'up', model: 'up' },
        { type: 'block_start', index: 0, block: { type: 'thinking' } },
        { type: 'thinking_delta', index: 0, thinking: 'hmm' },
        { type: 'signature_delta', index: 0, signature: 'SIG' },
        { type: 'block_stop', index: 0 },
        { type: 'finish', stopReason: 'end_turn' },
        { type: 'end' },
      ]),
    );
    expect(out.map((f) => f.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const item = out[7]?.item as { summary: unknown; encrypted_content: string };
    expect(item.summary).toEqual([{ type: 'summary_text', text: 'hmm' }]);
    expect(item.encrypted_content).toContain('SIG');
  });

  it('a failure after output ends with response.failed and never a completed', () => {
    const encoder = new ResponsesStreamEncoder(opts);
    const body = encode(
      [
        { type: 'start', id: 'up', model: 'up' },
        { type: 'block_start', index: 0, block: { type: 'text' } },
        { type: 'text_delta', index: 0, text: 'par' },
      ],
      encoder,
    );
    const failed = encoder.fail({ status: 502, type: 'api_error', message: 'upstream failed mid-stream: reset' });
    const out = frames(body + failed + encoder.encode({ type: 'end' }));
    expect(out.map((f) => f.type)).not.toContain('response.completed');
    const last = out[out.length - 1] as {
      type: string;
      sequence_number: number;
      response: { status: string; error: { code: string; message: string } };
    };
    expect(last.type).toBe('response.failed');
    expect(last.sequence_number).toBe(out.length - 1);
    expect(last.response.status).toBe('failed');
    expect(last.response.error).toEqual({ code: 'server_error', message: 'upstream failed mid-stream: reset' });
  });

  it('a failure before any content starts over: created, in_progress, failed, numbered from 0', () => {
    const encoder = new ResponsesStreamEncoder(opts);
    // What the router held back (and dropped) while the attempt had produced no content.
    encode(
      [
        { type: 'start', id: 'up', model: 'up' },
        { type: 'block_start', index: 0, block: { type: 'text' } },
      ],
      encoder,
    );
    const out = frames(encoder.fail({ status: 504, type: 'timeout_error', message: 'upstream timed out' }));
    expect(out.map((f) => [f.type, f.sequence_number])).toEqual([
      ['response.created', 0],
      ['response.in_progress', 1],
      ['response.failed', 2],
    ]);
    expect(out[2]?.response).toMatchObject({ status: 'failed', output: [], error: { code: 'timeout', message: 'upstream timed out' } });
  });

  it('max_tokens ends with response.incomplete', () => {
    const out = frames(encode([{ type: 'start', id: 'u', model: 'u' }, { type: 'finish', stopReason: 'max_tokens' }, { type: 'end' }]));
    expect(out[out.length - 1]).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });
});

/** A Responses upstream stream as OpenAI sends it (trimmed). */
function responsesUpstream(): string {
  const ev = (type: string, body: object, seq: number) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq, ...body })}\n\n`;
  const response = { id: 'resp_up', object: 'response', model: 'gpt-up', status: 'in_progress', output: [] };
  return [
    ev('response.created', { response }, 0),
    ev('response.in_progress', { response }, 1),
    ev('response.output_item.added', { output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [] } }, 2),
    ev('response.reasoning_summary_text.delta', { output_index: 0, item_id: 'rs_1', summary_index: 0, delta: 'thinking…' }, 3),
    ev(
      'response.output_item.done',
      { output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking…' }] } },
      4,
    ),
    ev(
      'response.output_item.added',
      { output_index: 1, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [], status: 'in_progress' } },
      5,
    ),
    ev('response.content_part.added', { output_index: 1, item_id: 'msg_1', content_index: 0, part: { type: 'output_text', text: '' } }, 6),
    ev('response.output_text.delta', { output_index: 1, item_id: 'msg_1', content_index: 0, delta: 'Run' }, 7),
    ev('response.output_text.delta', { output_index: 1, item_id: 'msg_1', content_index: 0, delta: 'ning.' }, 8),
    ev('response.output_text.done', { output_index: 1, item_id: 'msg_1', content_index: 0, text: 'Running.' }, 9),
    ev('response.output_item.done', { output_index: 1, item: { type: 'message', id: 'msg_1' } }, 10),
    ev(
      'response.output_item.added',
      { output_index: 2, item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'spawn', namespace: 'ns', arguments: '' } },
      11,
    ),
    ev('response.function_call_arguments.delta', { output_index: 2, item_id: 'fc_1', delta: '{"x"' }, 12),
    ev('response.function_call_arguments.delta', { output_index: 2, item_id: 'fc_1', delta: ':1}' }, 13),
    ev('response.function_call_arguments.done', { output_index: 2, item_id: 'fc_1', arguments: '{"x":1}' }, 14),
    ev(
      'response.output_item.done',
      { output_index: 2, item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'spawn', arguments: '{"x":1}' } },
      15,
    ),
    ev(
      'response.completed',
      {
        response: {
          ...response,
          status: 'completed',
          usage: {
            input_tokens: 50,
            input_tokens_details: { cached_tokens: 10 },
            output_tokens: 30,
            output_tokens_details: { reasoning_tokens: 12 },
            total_tokens: 80,
          },
        },
      },
      16,
    ),
  ].join('');
}

describe('ResponsesStreamDecoder', () => {
  it('reads reasoning, text and a namespaced function call, then finish with usage', () => {
    expect(decodeAll(new ResponsesStreamDecoder(), responsesUpstream())).toEqual([
      { type: 'start', id: 'resp_up', model: 'gpt-up' },
      { type: 'block_start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking_delta', index: 0, thinking: 'thinking…' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      { type: 'text_delta', index: 1, text: 'Run' },
      { type: 'text_delta', index: 1, text: 'ning.' },
      { type: 'block_stop', index: 1 },
      { type: 'block_start', index: 2, block: { type: 'tool_use', id: 'call_1', name: 'ns__spawn' } },
      { type: 'tool_args_delta', index: 2, json: '{"x"' },
      { type: 'tool_args_delta', index: 2, json: ':1}' },
      { type: 'block_stop', index: 2 },
      {
        type: 'finish',
        stopReason: 'tool_use',
        usage: { inputTokens: 50, outputTokens: 30, cacheReadTokens: 10, cacheWriteTokens: 0, reasoningTokens: 12 },
      },
      { type: 'end' },
    ]);
  });

  it('response.failed is an error with the provider code; EOF before completed is a broken stream', () => {
    const failed = `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: 1, response: { id: 'r', status: 'failed', error: { code: 'rate_limit_exceeded', message: 'slow down' } } })}\n\n`;
    const evs = decodeAll(new ResponsesStreamDecoder(), failed);
    expect(evs[evs.length - 1]).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'slow down' },
    });
    const cut = responsesUpstream().split('event: response.completed')[0] as string;
    const broken = decodeAll(new ResponsesStreamDecoder(), cut);
    expect(broken[broken.length - 1]).toMatchObject({ type: 'error', error: { code: 'stream_broken' } });
  });

  it('Responses upstream -> Chat client: text and the tool call in Chat chunks', () => {
    const out = pipe(
      new ResponsesStreamDecoder(),
      new OpenAiStreamEncoder({ id: 'chatcmpl-1', created: 1, model: 'm', includeUsage: true }),
      responsesUpstream(),
    );
    const chunks = events(out)
      .filter((e) => e.data !== '[DONE]')
      .map((e) => JSON.parse(e.data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[]; usage?: unknown });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Running.');
    expect(chunks.some((c) => JSON.stringify(c.choices[0]?.delta.tool_calls ?? '').includes('ns__spawn'))).toBe(true);
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks[chunks.length - 1]?.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 30 });
  });

  it('Chat upstream -> Responses client: the event sequence a Responses SDK expects', () => {
    const up = openAiUpstream([
      { delta: { role: 'assistant', content: '' } },
      { delta: { content: 'Hi ' } },
      { delta: { content: 'there' } },
      { finish: 'stop' },
      { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
      null,
    ]);
    const out = frames(pipe(new OpenAiStreamDecoder(), new ResponsesStreamEncoder(opts), up));
    expect(out[0]?.type).toBe('response.created');
    expect(out[out.length - 1]).toMatchObject({
      type: 'response.completed',
      response: { output_text: 'Hi there', usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 } },
    });
  });
});
