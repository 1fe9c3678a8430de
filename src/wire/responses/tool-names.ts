// Namespace tool groups (`{type:"namespace", name, tools}`) exist only in the Responses API. For
// every other format each member becomes one function named `<namespace>__<function>`; the
// Responses side regroups calls by the names it flattened, so the mapping is reversible.
import type { CanonicalTool } from '../canonical.js';

export const NAMESPACE_SEPARATOR = '__';

export const flatName = (namespace: string, name: string): string => `${namespace}${NAMESPACE_SEPARATOR}${name}`;

export interface SplitName {
  name: string;
  namespace?: string;
}

/** Flattened name -> namespace and member name, for the functions that came from a namespace. */
export type NamespaceBook = ReadonlyMap<string, SplitName>;

export function namespaceBook(tools: readonly CanonicalTool[] | undefined): NamespaceBook {
  const book = new Map<string, SplitName>();
  for (const t of tools ?? []) {
    if (t.kind === 'function' && t.namespace !== undefined)
      book.set(t.name, { namespace: t.namespace.name, name: t.name.slice(t.namespace.name.length + NAMESPACE_SEPARATOR.length) });
  }
  return book;
}

export function splitName(book: NamespaceBook | undefined, name: string): SplitName {
  return book?.get(name) ?? { name };
}
