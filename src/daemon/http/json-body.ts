// A request body as JSON, checked once at the edge: valid JSON, and nested no deeper than
// MAX_JSON_DEPTH. Deeper bodies are the client's error (400), never an upstream's: left alone they
// blow the stack of every recursive walk downstream (translation, token estimate, encoding), which
// surfaced as a 502 charged to each target in turn.

/**
 * Levels of objects/arrays a body may nest. Real requests stay far below it (a tool's JSON schema
 * rarely passes 10); every recursive walk in the router stays far below the stack limit at it.
 */
export const MAX_JSON_DEPTH = 100;

export type ParsedBody = { ok: true; body: unknown } | { ok: false; message: string };

export function parseJsonBody(bodyText: string): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (err) {
    return { ok: false, message: `request body is not valid JSON: ${(err as Error).message}` };
  }
  return nestedDeeperThan(body, MAX_JSON_DEPTH)
    ? { ok: false, message: `request body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays` }
    : { ok: true, body };
}

/** Iterative (an explicit stack, no recursion) and stops at the first value past the limit. */
export function nestedDeeperThan(root: unknown, limit: number): boolean {
  if (typeof root !== 'object' || root === null) return false;
  const values: object[] = [root];
  const depths: number[] = [1];
  const push = (child: unknown, depth: number) => {
    if (typeof child !== 'object' || child === null) return;
    values.push(child);
    depths.push(depth);
  };
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    // Indexes and for…in: no array of children allocated per object on the hot path.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) push(value[i], depth + 1);
    } else {
      for (const key in value) push((value as Record<string, unknown>)[key], depth + 1);
    }
  }
  return false;
}
