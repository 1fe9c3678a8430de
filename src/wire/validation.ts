// Request validation scaffolding shared by the OpenAI-family decoders (Chat Completions and
// Responses): a check throws the first bad field, and `validate` turns it into a 400's param and
// message (`messages[2].role must be …`), the shape OpenAI's own errors take.
import type { Obj } from './json-object.js';

class Invalid {
  constructor(
    readonly param: string,
    readonly message: string,
  ) {}
}

/** Stops validation at `param`, whose message reads "<param> <rest>". */
export function fail(param: string, rest: string): never {
  throw new Invalid(param, `${param} ${rest}`);
}

/** Fails `key` when it is present (not undefined or null) and `ok` rejects it. */
export function optional(body: Obj, key: string, ok: (v: unknown) => boolean, what: string): void {
  const v = body[key];
  if (v !== undefined && v !== null && !ok(v)) fail(key, `must be ${what}`);
}

export type Validation<T> = { ok: true; req: T } | { ok: false; message: string; param: string };

/** Runs `check` (which calls fail()) and returns its request or the first bad field. */
export function validate<T>(check: () => T): Validation<T> {
  try {
    return { ok: true, req: check() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message, param: e.param };
    throw e;
  }
}

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
export const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
export const isBool = (v: unknown): boolean => typeof v === 'boolean';
