// Folds canonical stream events into one response: for a non-streaming client served by a
// streaming upstream, and for the ledger. Tool arguments are kept verbatim and parsed at the end.
import type { CanonicalBlock, CanonicalResponse, CanonicalStreamEvent, StreamError } from './canonical.js';
import { argumentsToInput } from './tool-arguments.js';
import { zeroUsage } from './usage.js';

export type CollectedStream = { ok: true; response: CanonicalResponse } | { ok: false; error: StreamError };

export class StreamCollector {
  private readonly blocks: CanonicalBlock[] = [];
  private readonly args = new Map<number, string>();
  private response: CanonicalResponse = { id: '', model: '', content: [], stopReason: null, usage: { ...zeroUsage } };
  private error: StreamError | undefined;
  private ended = false;

  push(ev: CanonicalStreamEvent): void {
    switch (ev.type) {
      case 'start':
        this.response.id = ev.id;
        this.response.model = ev.model;
        if (ev.usage !== undefined) this.response.usage = ev.usage;
        return;
      case 'block_start':
        this.blocks[ev.index] = this.startBlock(ev);
        return;
      case 'text_delta': {
        const b = this.blocks[ev.index];
        if (b?.type === 'text') b.text += ev.text;
        return;
      }
      case 'thinking_delta': {
        const b = this.blocks[ev.index];
        if (b?.type === 'thinking') b.thinking += ev.thinking;
        return;
      }
      case 'signature_delta': {
        const b = this.blocks[ev.index];
        if (b?.type === 'thinking') b.signature = (b.signature ?? '') + ev.signature;
        return;
      }
      case 'tool_args_delta':
        this.args.set(ev.index, (this.args.get(ev.index) ?? '') + ev.json);
        return;
      case 'finish':
        this.response.stopReason = ev.stopReason;
        if (ev.stopSequence !== undefined) this.response.stopSequence = ev.stopSequence;
        if (ev.usage !== undefined) this.response.usage = ev.usage;
        return;
      case 'end':
        this.ended = true;
        return;
      case 'error':
        this.error = ev.error;
        return;
      default:
        return;
    }
  }

  /** null while the stream is still running. */
  result(): CollectedStream | null {
    if (this.error !== undefined) return { ok: false, error: this.error };
    if (!this.ended) return null;
    const content = this.blocks.filter((b): b is CanonicalBlock => b !== undefined);
    this.blocks.forEach((b, i) => {
      if (b?.type !== 'tool_use') return;
      const text = this.args.get(i) ?? '';
      b.input = argumentsToInput(text);
      b.arguments = text === '' ? '{}' : text;
    });
    return { ok: true, response: { ...this.response, content } };
  }

  private startBlock(ev: Extract<CanonicalStreamEvent, { type: 'block_start' }>): CanonicalBlock {
    const b = ev.block;
    switch (b.type) {
      case 'text':
        return { type: 'text', text: '' };
      case 'thinking':
        return { type: 'thinking', thinking: '' };
      case 'redacted_thinking':
        return { type: 'redacted_thinking', data: b.data };
      case 'tool_use':
        return { type: 'tool_use', id: b.id, name: b.name, input: {} };
      case 'raw':
        return { type: 'raw', format: b.format, value: b.value };
    }
  }
}
