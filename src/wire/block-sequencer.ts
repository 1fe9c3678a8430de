// Whole-message upstreams (Gemini, Ollama) send text, thinking and complete tool calls; the
// canonical stream wants numbered blocks, opened and closed in order and never interleaved.
// This keeps that bookkeeping in one place for every such decoder.
import type { CanonicalStreamEvent } from './canonical.js';

type ToolBlock = Extract<Extract<CanonicalStreamEvent, { type: 'block_start' }>['block'], { type: 'tool_use' }>;

export class BlockSequencer {
  private next = 0;
  private open: { kind: 'text' | 'thinking'; index: number } | null = null;

  /** Appends to the open block of this kind, or closes the open one and starts a new block. */
  text(out: CanonicalStreamEvent[], kind: 'text' | 'thinking', text: string): void {
    if (this.open?.kind !== kind) {
      this.close(out);
      this.open = { kind, index: this.next++ };
      out.push({ type: 'block_start', index: this.open.index, block: { type: kind } });
    }
    const index = this.open.index;
    out.push(kind === 'text' ? { type: 'text_delta', index, text } : { type: 'thinking_delta', index, thinking: text });
  }

  /** A complete tool call becomes one block: start, all its arguments, stop. */
  toolCall(out: CanonicalStreamEvent[], block: ToolBlock, json: string): void {
    this.close(out);
    const index = this.next++;
    out.push({ type: 'block_start', index, block }, { type: 'tool_args_delta', index, json }, { type: 'block_stop', index });
  }

  close(out: CanonicalStreamEvent[]): void {
    if (this.open === null) return;
    out.push({ type: 'block_stop', index: this.open.index });
    this.open = null;
  }
}
