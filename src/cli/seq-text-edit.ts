// Moves, inserts and removes items of one YAML sequence by splicing the source text, so everything
// the edit does not touch stays byte for byte: comments, blank lines, spacing, flow style. (Printing
// the yaml Document again would re-space comments and could reflow other nodes.)
import type { Node, YAMLSeq } from 'yaml';

export type SeqEdit =
  { kind: 'move'; from: number; to: number } | { kind: 'insert'; text: string; to: number } | { kind: 'remove'; from: number };

export function editSeqText(source: string, seq: YAMLSeq, edit: SeqEdit): string {
  const text = source.endsWith('\n') ? source : `${source}\n`;
  const items = seq.items as Node[];
  return seq.flow ? editFlow(text, seq, items, edit) : editBlock(text, items, edit);
}

/** A flow list (`[a, b]`) is re-written on its own span only; each item keeps its source text. */
function editFlow(text: string, seq: YAMLSeq, items: Node[], edit: SeqEdit): string {
  const parts = items.map((n) => text.slice(n.range![0], n.range![1]));
  if (edit.kind === 'remove') parts.splice(edit.from, 1);
  else {
    const part = edit.kind === 'move' ? parts.splice(edit.from, 1)[0]! : edit.text;
    parts.splice(Math.min(edit.to, parts.length), 0, part);
  }
  const [start, end] = seq.range!;
  return `${text.slice(0, start)}[${parts.join(', ')}]${text.slice(end)}`;
}

/** A block list item is its whole lines, from its `-` line to the end of its last line. */
function editBlock(text: string, items: Node[], edit: SeqEdit): string {
  const spans = items.map((n) => lineSpan(text, n));
  if (edit.kind === 'remove') {
    const [s, e] = spans[edit.from]!;
    return text.slice(0, s) + text.slice(e);
  }
  if (edit.kind === 'insert') {
    const first = spans[0]!;
    const indent = text.slice(first[0], text.indexOf('-', first[0]));
    const at = insertionPoint(spans, edit.to);
    return `${text.slice(0, at)}${indent}- ${edit.text}\n${text.slice(at)}`;
  }
  const [s, e] = spans[edit.from]!;
  const chunk = text.slice(s, e);
  const at = insertionPoint(
    spans.filter((_, i) => i !== edit.from),
    edit.to,
  );
  return at <= s
    ? text.slice(0, at) + chunk + text.slice(at, s) + text.slice(e)
    : text.slice(0, s) + text.slice(e, at) + chunk + text.slice(at);
}

function insertionPoint(spans: Array<[number, number]>, to: number): number {
  return to < spans.length ? spans[to]![0] : spans[spans.length - 1]![1];
}

function lineSpan(text: string, node: Node): [number, number] {
  const [start, valueEnd] = node.range!;
  const s = text.lastIndexOf('\n', start - 1) + 1;
  const e = text[valueEnd - 1] === '\n' ? valueEnd : text.indexOf('\n', valueEnd) + 1 || text.length;
  return [s, e];
}
