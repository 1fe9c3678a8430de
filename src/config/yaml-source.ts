// YAML text -> plain data plus a way back from a data path to the line:col it came from.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
} from 'yaml';
import type { ConfigPath, PathProblem, Severity } from './problem.js';

export interface Position {
  line: number;
  col: number;
}

export interface YamlSource {
  /** The document as plain JS; undefined when syntax errors make it unusable. */
  data: unknown;
  syntaxProblems: Array<{ position: Position; message: string; severity: Severity }>;
  locate(problem: Pick<PathProblem, 'path' | 'at'>): Position;
}

interface Found {
  node: Node | null;
  key: Node | null;
  complete: boolean;
}

export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const positionOf = (offset: number): Position => lineCounter.linePos(offset);

  const syntaxProblems: YamlSource['syntaxProblems'] = [
    ...doc.errors.map((error) => ({ position: positionOf(error.pos[0]), message: syntaxMessage(text, error), severity: 'error' as const })),
    ...doc.warnings.map((warning) => ({ position: positionOf(warning.pos[0]), message: warning.message, severity: 'warning' as const })),
  ];
  // A duplicate key leaves a well-formed tree (the last value wins), so the schema can still report
  // the rest; any other syntax error can leave half a tree, and checking that only adds noise.
  let data: unknown;
  if (doc.errors.every((error) => error.code === 'DUPLICATE_KEY')) {
    try {
      data = (doc.toJS() as unknown) ?? {};
    } catch (error) {
      // toJS refuses alias bombs ("billion laughs") by throwing; report it like any other syntax error.
      syntaxProblems.push({
        position: { line: 1, col: 1 },
        message: error instanceof Error ? error.message : String(error),
        severity: 'error',
      });
    }
  }

  const locate = ({ path, at }: Pick<PathProblem, 'path' | 'at'>): Position => {
    const found = find(doc, path);
    const chosen = pick(found, at);
    const offset = chosen?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : positionOf(offset);
  };
  return { data, syntaxProblems, locate };
}

function syntaxMessage(text: string, error: YAMLError): string {
  if (error.code === 'DUPLICATE_KEY') return duplicateKeyMessage(text, error.pos[0]);
  if (error.code === 'MULTIPLE_DOCS') return 'a config file holds one YAML document; remove the second "---"';
  return error.message;
}

// yaml points at the first character of the repeated key; read the key itself from the text there.
function duplicateKeyMessage(text: string, offset: number): string {
  const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:,{}[\]\n]+?)\s*:/.exec(text.slice(offset, offset + 300))?.[1];
  if (key === undefined) return 'duplicate key';
  return `duplicate key ${JSON.stringify(key.startsWith('"') || key.startsWith("'") ? key.slice(1, -1) : key)}`;
}

function pick(found: Found, at: 'key' | 'value'): Node | null {
  if (!found.complete) return found.key ?? found.node;
  if (at === 'key') return found.key ?? found.node;
  // `targets:` with nothing after it is an empty scalar sitting at the end of the line; the key reads better.
  const node = found.node;
  if (node === null || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1])) {
    return found.key ?? node;
  }
  return node;
}

function find(doc: Document, path: ConfigPath): Found {
  let node = resolve(doc, doc.contents as Node | null);
  let key: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      // With a duplicate key the last one wins in toJS(), so it is the one the data came from.
      const pair = lastPairWithKey(node.items, String(segment));
      if (pair === undefined) return { node, key, complete: false };
      key = pair.key as Node | null;
      node = resolve(doc, pair.value as Node | null);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | null | undefined;
      if (item === undefined) return { node, key, complete: false };
      key = item;
      node = resolve(doc, item);
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

function lastPairWithKey(items: readonly unknown[], name: string): Pair | undefined {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (isPair(item) && keyText(item.key) === name) return item;
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function resolve(doc: Document, node: Node | null): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node;
}
