export type Severity = 'error' | 'warning';

export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  severity: Severity;
}

export type ConfigPath = ReadonlyArray<string | number>;

/**
 * A problem found on the parsed data, before it has a position: the loader maps `path` back to the
 * YAML node. `at: 'key'` points at the mapping key itself (unknown keys, duplicate names), `'value'`
 * at the value (wrong types, unknown references).
 */
export interface PathProblem {
  path: ConfigPath;
  at: 'key' | 'value';
  message: string;
  severity: Severity;
}

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `routes.fast.targets[0]`, `models["openai/gpt-4o"].tier`: the same spelling in every message. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function atPath(path: ConfigPath, message: string): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}
