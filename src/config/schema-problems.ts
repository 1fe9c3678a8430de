// zod issues -> PathProblems with messages written for someone editing YAML, not reading zod.
import { z } from 'zod';
import { configSchema, type ParsedConfig } from './schema.js';
import { atPath, type ConfigPath, type PathProblem } from './problem.js';
import { didYouMean } from './suggest.js';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

export type SchemaResult = { ok: true; value: ParsedConfig } | { ok: false; problems: PathProblem[] };

export function checkSchema(data: unknown): SchemaResult {
  const result = configSchema.safeParse(data, { error: messageFor });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => toProblems(issue, [])) };
}

function toProblems(issue: Issue, prefix: ConfigPath): PathProblem[] {
  const path = [...prefix, ...(issue.path as Array<string | number>)];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = objectKeysAt(configSchema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        at: 'key' as const,
        message: `unknown key ${JSON.stringify(key)}${didYouMean(key, allowed)}`,
        severity: 'error' as const,
      }));
    }
    case 'invalid_key': {
      const reason = issue.issues.map((inner) => inner.message).join('; ');
      return [{ path, at: 'key', message: atPath(path, reason), severity: 'error' }];
    }
    case 'invalid_union':
      return unionProblems(issue, path);
    default:
      return [{ path, at: 'value', message: atPath(path, issue.message), severity: 'error' }];
  }
}

// A union fails as a whole, but the useful message is usually inside the branch whose shape matched
// (a target object with a bad field), or else a plain "expected string or mapping".
function unionProblems(issue: Extract<Issue, { code: 'invalid_union' }>, path: ConfigPath): PathProblem[] {
  const shapeMatched = issue.errors.find((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  if (shapeMatched !== undefined && shapeMatched.length > 0) return shapeMatched.flatMap((inner) => toProblems(inner, path));
  const expected = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [typeName(inner.expected)] : [])),
  );
  const unique = [...new Set(expected)];
  const message = unique.length > 0 ? `expected ${unique.join(' or ')}` : issue.message;
  return [{ path, at: 'value', message: atPath(path, message), severity: 'error' }];
}

function messageFor(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (issue.expected === 'int') return `expected an integer, got ${describe(issue.input)}`;
      return `expected ${typeName(issue.expected)}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return issue.origin === 'array'
        ? `allows at most ${issue.maximum} items`
        : `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'expected a URL' : `expected ${issue.format}`;
    default:
      return undefined;
  }
}

function tooSmall(origin: string, minimum: number, inclusive: boolean): string {
  if (origin === 'array') return `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`;
  if (origin === 'string') return minimum <= 1 ? 'must not be empty' : `needs at least ${minimum} characters`;
  return `must be ${inclusive ? 'at least' : 'greater than'} ${minimum}`;
}

function typeName(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'mapping';
  if (expected === 'array') return 'list';
  if (expected === 'int') return 'integer';
  return expected;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'list';
  if (typeof input === 'object') return 'mapping';
  if (typeof input === 'string') return `string ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  return `${typeof input} ${String(input)}`;
}

/** The keys a strict object at `path` accepts, for did-you-mean. Follows records, lists and unions. */
export function objectKeysAt(schema: z.ZodType, path: ConfigPath): string[] {
  let current: z.ZodType[] = [schema];
  for (const segment of path) {
    current = current.flatMap((s) => child(unwrapAll(s), segment));
  }
  return [...new Set(current.flatMap((s) => unwrapAll(s).flatMap((u) => (u instanceof z.ZodObject ? Object.keys(u.shape) : []))))];
}

function child(schema: z.ZodType[], segment: string | number): z.ZodType[] {
  return schema.flatMap((s) => {
    if (s instanceof z.ZodObject) return typeof segment === 'string' && segment in s.shape ? [s.shape[segment] as z.ZodType] : [];
    if (s instanceof z.ZodRecord) return [s.valueType as z.ZodType];
    if (s instanceof z.ZodArray) return typeof segment === 'number' ? [s.element as z.ZodType] : [];
    return [];
  });
}

function unwrapAll(schema: z.ZodType): z.ZodType[] {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return unwrapAll(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodUnion) return (schema.options as readonly z.ZodType[]).flatMap(unwrapAll);
  return [schema];
}
