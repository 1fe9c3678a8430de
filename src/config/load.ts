// The config loader: YAML text -> validated, normalised Config, or every problem with its line:col.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { crossCheck } from './cross-checks.js';
import { normaliseConfig } from './normalise.js';
import type { ConfigProblem, PathProblem } from './problem.js';
import { isRawMap } from './raw-data.js';
import { checkSchema } from './schema-problems.js';
import { configSchema, type Config } from './schema.js';
import { readYaml } from './yaml-source.js';

export type { ConfigProblem } from './problem.js';

export type LoadResult = { ok: true; config: Config; warnings: ConfigProblem[] } | { ok: false; problems: ConfigProblem[] };

export function parseConfig(text: string, file: string, env: Record<string, string | undefined> = process.env): LoadResult {
  const source = readYaml(text);
  const problems: ConfigProblem[] = source.syntaxProblems.map(({ position, message, severity }) => ({
    file,
    ...position,
    message,
    severity,
  }));
  if (source.data === undefined) return { ok: false, problems: sortProblems(problems) };
  const unfinished = unfinishedFile(text, source.data);
  if (unfinished)
    return { ok: false, problems: sortProblems([...problems, { file, line: 1, col: 1, message: unfinished, severity: 'error' }]) };

  const data = withoutEmptySections(source.data);
  const schema = checkSchema(data);
  const pathProblems: PathProblem[] = [...(schema.ok ? [] : schema.problems), ...crossCheck(data, env)];
  for (const problem of pathProblems) {
    problems.push({ file, ...source.locate(problem), message: problem.message, severity: problem.severity });
  }

  const sorted = sortProblems(problems);
  if (!schema.ok || sorted.some((p) => p.severity === 'error')) return { ok: false, problems: sorted };
  return { ok: true, config: normaliseConfig(schema.value, resolve(file)), warnings: sorted };
}

export async function loadConfigFile(file: string, env: Record<string, string | undefined> = process.env): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file, line: 1, col: 1, message: readFailure(error), severity: 'error' }] };
  }
  return parseConfig(text, file, env);
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** What runs when there is no config file: a local simulated provider, no network, no keys. */
export function demoConfig(): Config {
  const parsed = configSchema.parse({
    providers: { sim: { type: 'simulated' } },
    routes: { default: { targets: ['sim/echo'] } },
    defaultRoute: 'default',
  });
  return normaliseConfig(parsed, null);
}

/**
 * An empty file, or one that names neither `providers` nor `routes`, is refused like any invalid
 * one: it is what an editor leaves half-way through a save (or a truncated copy), and accepting it
 * as "no routes" would turn every request into a 404 until the save finishes. A running daemon keeps
 * its last good config. (No file at all is a different case: the demo config.)
 */
function unfinishedFile(text: string, data: unknown): string | undefined {
  if (!isRawMap(data)) return undefined; // not a mapping at all: the schema says so
  if (text.trim() === '' || Object.keys(data).length === 0)
    return 'the config file is empty: it needs at least a `providers:` and a `routes:` section';
  if (!('providers' in data) && !('routes' in data)) return 'the config file has neither `providers:` nor `routes:`: is it truncated?';
  return undefined;
}

/** `routes:` with everything under it commented out means "no routes", not "routes must not be null". */
function withoutEmptySections(data: unknown): unknown {
  if (!isRawMap(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

function readFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a config file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => a.problem.line - b.problem.line || a.problem.col - b.problem.col || a.index - b.index)
    .map(({ problem }) => problem);
}
