// Canonical stream events -> Responses SSE (PROTOCOLS 8): `event:` line plus `data:` JSON with the
// same `type` and a `sequence_number` counting from 0. response.created and response.in_progress
// first; per output item output_item.added -> (message) content_part.added, output_text.delta…,
// output_text.done, content_part.done / (function call) function_call_arguments.delta…, .done /
// (reasoning) reasoning_summary_part.added, reasoning_summary_text.delta…, .done ->
// output_item.done; then response.completed (or response.incomplete) with the whole response and
// usage. A failure ends with response.failed, never a completed.
import type { CanonicalStreamEvent, StopReason, StreamBlockStart } from '../canonical.js';
import type { ClientError } from '../errors.js';
import { openAiErrorBody } from '../errors.js';
import { sseComment } from '../sse.js';
import { zeroUsage, type Usage } from '../usage.js';
import { isContent } from '../stream-content.js';
import { blockToReasoning } from './reasoning.js';
import { responseShell, shellFieldsJson, type ResponsesResponseOptions } from './response-codec.js';
import { splitName } from './tool-names.js';
import type { ResponsesItem, ResponsesResponse } from './types.js';
import { usageToResponses } from './usage.js';

/** A keep-alive every Responses client ignores: an SSE comment. */
export const RESPONSES_PING = sseComment('ping');

type Item = Record<string, unknown>;

export interface ResponsesStreamOptions extends ResponsesResponseOptions {
  /** Called once when the response completes (or ends incomplete), with its output items as a JSON array. */
  onFinished?(outputJson: string): void;
}

interface Open {
  block: StreamBlockStart;
  outputIndex: number;
  item: Item;
  /** `"item_id":…,"output_index":…` as JSON, built once: text deltas are most of a stream. */
  at: string;
  /** Text, arguments or reasoning gathered so far. */
  text: string;
  signature: string;
  summaryStarted: boolean;
}

export class ResponsesStreamEncoder {
  private seq = 0;
  private started = false;
  private closed = false;
  private readonly output: ResponsesItem[] = [];
  // Done items as JSON, their texts and the response's fixed fields: built once and reused by the
  // …done events and response.completed, which repeat them (most of a stream's encoding cost).
  private readonly itemJson: string[] = [];
  private outputText = '';
  /** The output text as JSON while one text item makes it up: its own escaping, not done again at the end. */
  private outputTextJson: string | undefined = '""';
  private shellJson = '';
  /** Content went out: from here on the client has seen every event. */
  private committed = false;
  private readonly open = new Map<number, Open>();
  private stop: StopReason = 'end_turn';
  private usage: Usage = { ...zeroUsage };
  private readonly base: string;

  constructor(private readonly opts: ResponsesStreamOptions) {
    this.base = opts.id.replace(/^resp_/, '');
  }

  /** The next sequence number, for an error frame written after this encoder's events. */
  get sequence(): number {
    return this.seq;
  }

  encode(ev: CanonicalStreamEvent): string {
    if (this.closed) return '';
    if (!this.committed && isContent(ev)) this.committed = true;
    switch (ev.type) {
      case 'start':
        return this.begin();
      case 'block_start':
        return this.begin() + this.startBlock(ev.index, ev.block);
      case 'text_delta':
        return ev.text === '' ? '' : this.textDelta(ev.index, ev.text);
      case 'thinking_delta':
        return ev.thinking === '' ? '' : this.thinkingDelta(ev.index, ev.thinking);
      case 'signature_delta': {
        const o = this.open.get(ev.index);
        if (o !== undefined) o.signature += ev.signature;
        return '';
      }
      case 'tool_args_delta':
        return this.argsDelta(ev.index, ev.json);
      case 'block_stop':
        return this.stopBlock(ev.index);
      case 'finish':
        this.stop = ev.stopReason;
        if (ev.usage !== undefined) this.usage = ev.usage;
        return '';
      case 'end':
        return this.begin() + this.complete();
      case 'error':
        return this.fail({ status: 500, type: ev.error.type, message: ev.error.message, code: ev.error.code ?? null });
      case 'ping':
        return RESPONSES_PING;
      default:
        return '';
    }
  }

  /**
   * response.failed: the stream's last event. Until the first content the router holds events back
   * and drops them if the attempt fails (failover), so a stream that never got that far starts
   * over: response.created, response.in_progress, then the failure, numbered from 0.
   */
  fail(e: ClientError): string {
    if (this.closed) return '';
    if (!this.committed) {
      this.started = false;
      this.seq = 0;
      this.output.length = 0;
      this.itemJson.length = 0;
    }
    const head = this.begin();
    this.closed = true;
    const failed = responsesFailedEvent(e, this.opts, this.seq, this.output, this.usage);
    this.seq++;
    return head + failed;
  }

  private event(type: string, payload: object): string {
    const rest = JSON.stringify(payload);
    return this.framed(type, rest === '{}' ? '' : rest.slice(1, -1));
  }

  /** One event from its fields after type and sequence_number, already as JSON (`"a":1,"b":2`). */
  private framed(type: string, fields: string): string {
    return `event: ${type}\ndata: {"type":"${type}","sequence_number":${this.seq++}${fields === '' ? '' : `,${fields}`}}\n\n`;
  }

  private begin(): string {
    if (this.started) return '';
    this.started = true;
    this.shellJson = shellFieldsJson(this.opts);
    const response = `"response":${this.responseJson('in_progress', 'null', '[]', null)}`;
    return this.framed('response.created', response) + this.framed('response.in_progress', response);
  }

  private responseJson(status: string, incomplete: string, output: string, usage: string | null, outputText?: string): string {
    const text = outputText === undefined ? '' : `,"output_text":${outputText}`;
    return `{${this.shellJson},"status":"${status}","incomplete_details":${incomplete},"output":${output}${text},"usage":${usage ?? 'null'}}`;
  }

  private startBlock(index: number, block: StreamBlockStart): string {
    const outputIndex = this.output.length;
    let item: Item;
    switch (block.type) {
      case 'text':
        item = { id: `msg_${this.base}_${outputIndex}`, type: 'message', status: 'in_progress', content: [], role: 'assistant' };
        break;
      case 'tool_use': {
        const { name, namespace } = splitName(this.opts.namespaces, block.name);
        item = {
          id: `fc_${this.base}_${outputIndex}`,
          type: 'function_call',
          status: 'in_progress',
          arguments: '',
          call_id: block.id,
          name,
        };
        if (namespace !== undefined) item.namespace = namespace;
        break;
      }
      case 'thinking':
        item = { id: `rs_${this.base}_${outputIndex}`, type: 'reasoning', summary: [] };
        break;
      case 'redacted_thinking':
        item = blockToReasoning({ type: 'redacted_thinking', data: block.data }, `rs_${this.base}_${outputIndex}`);
        break;
      case 'raw':
        if (block.format !== 'responses') return '';
        item = block.value;
        break;
    }
    this.output.push(item as ResponsesItem);
    const at = `"item_id":${JSON.stringify(item.id ?? '')},"output_index":${outputIndex}`;
    this.open.set(index, { block, outputIndex, item, at, text: '', signature: '', summaryStarted: false });
    if (block.type !== 'text')
      return this.framed('response.output_item.added', `"output_index":${outputIndex},"item":${JSON.stringify(item)}`);
    const id = JSON.stringify(item.id);
    return (
      this.framed(
        'response.output_item.added',
        `"output_index":${outputIndex},"item":{"id":${id},"type":"message","status":"in_progress","content":[],"role":"assistant"}`,
      ) +
      this.framed(
        'response.content_part.added',
        `${at},"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}`,
      )
    );
  }

  private textDelta(index: number, text: string): string {
    const o = this.open.get(index);
    if (o === undefined || o.block.type !== 'text') return '';
    o.text += text;
    return this.framed('response.output_text.delta', `${o.at},"content_index":0,"delta":${JSON.stringify(text)},"logprobs":[]`);
  }

  private thinkingDelta(index: number, text: string): string {
    const o = this.open.get(index);
    if (o === undefined || o.block.type !== 'thinking') return '';
    let out = '';
    if (!o.summaryStarted) {
      o.summaryStarted = true;
      out += this.event('response.reasoning_summary_part.added', {
        item_id: o.item.id,
        output_index: o.outputIndex,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      });
    }
    o.text += text;
    return (
      out +
      this.event('response.reasoning_summary_text.delta', {
        item_id: o.item.id,
        output_index: o.outputIndex,
        summary_index: 0,
        delta: text,
      })
    );
  }

  private argsDelta(index: number, json: string): string {
    const o = this.open.get(index);
    if (o === undefined || o.block.type !== 'tool_use' || json === '') return '';
    o.text += json;
    return this.framed('response.function_call_arguments.delta', `${o.at},"delta":${JSON.stringify(json)}`);
  }

  private stopBlock(index: number): string {
    const o = this.open.get(index);
    if (o === undefined) return '';
    this.open.delete(index);
    const at = { item_id: o.item.id, output_index: o.outputIndex };
    let out = '';
    let done: Item = o.item;
    let json: string | undefined;
    switch (o.block.type) {
      case 'text': {
        const text = JSON.stringify(o.text);
        const part = `{"type":"output_text","annotations":[],"logprobs":[],"text":${text}}`;
        out += this.framed('response.output_text.done', `${o.at},"content_index":0,"text":${text},"logprobs":[]`);
        out += this.framed('response.content_part.done', `${o.at},"content_index":0,"part":${part}`);
        done = {
          ...o.item,
          status: 'completed',
          content: o.text === '' ? [] : [{ type: 'output_text', annotations: [], logprobs: [], text: o.text }],
        };
        json = `{"id":${JSON.stringify(o.item.id)},"type":"message","status":"completed","content":${o.text === '' ? '[]' : `[${part}]`},"role":"assistant"}`;
        this.outputTextJson = this.outputText === '' ? text : undefined;
        this.outputText += o.text;
        break;
      }
      case 'tool_use':
        out += this.event('response.function_call_arguments.done', { ...at, name: o.item.name, arguments: o.text });
        done = { ...o.item, status: 'completed', arguments: o.text };
        break;
      case 'thinking': {
        if (o.summaryStarted) {
          out += this.event('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: o.text });
          out += this.event('response.reasoning_summary_part.done', {
            ...at,
            summary_index: 0,
            part: { type: 'summary_text', text: o.text },
          });
        }
        const signature = o.signature === '' ? undefined : o.signature;
        done = blockToReasoning(
          signature === undefined ? { type: 'thinking', thinking: o.text } : { type: 'thinking', thinking: o.text, signature },
          String(o.item.id),
        );
        break;
      }
      default:
        break;
    }
    this.output[o.outputIndex] = done as ResponsesItem;
    json ??= JSON.stringify(done);
    this.itemJson[o.outputIndex] = json;
    return out + this.framed('response.output_item.done', `"output_index":${o.outputIndex},"item":${json}`);
  }

  private complete(): string {
    let out = '';
    for (const index of [...this.open.keys()]) out += this.stopBlock(index);
    this.closed = true;
    const incomplete = this.stop === 'max_tokens' || this.stop === 'model_context_window_exceeded' || this.stop === 'refusal';
    const details = incomplete ? `{"reason":"${this.stop === 'refusal' ? 'content_filter' : 'max_output_tokens'}"}` : 'null';
    const output = `[${this.itemJson.join(',')}]`;
    const response = this.responseJson(
      incomplete ? 'incomplete' : 'completed',
      details,
      output,
      JSON.stringify(usageToResponses(this.usage)),
      this.outputTextJson ?? JSON.stringify(this.outputText),
    );
    this.opts.onFinished?.(output);
    return out + this.framed(incomplete ? 'response.incomplete' : 'response.completed', `"response":${response}`);
  }
}

/**
 * The response.failed event that ends a Responses stream after an upstream failure, numbered to
 * follow the events already sent (a pass-through stream keeps the upstream's numbering).
 */
export function responsesFailedEvent(
  e: ClientError,
  opts: ResponsesResponseOptions,
  sequence: number,
  output: ResponsesItem[] = [],
  usage?: Usage,
): string {
  const { error } = openAiErrorBody(e).body as { error: { code: string | null; type: string; message: string } };
  const response: ResponsesResponse = {
    ...responseShell(opts),
    status: 'failed',
    error: { code: error.code ?? error.type, message: error.message },
    output,
    usage: usage === undefined ? null : usageToResponses(usage),
  };
  return `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: sequence, response })}\n\n`;
}
