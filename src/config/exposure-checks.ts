// Checks that keep the router from leaking: who can reach it, and how keys are written down.
import { atPath, type ConfigPath, type PathProblem } from './problem.js';
import { entriesOf, isRawMap, listOf, stringOf, type RawMap } from './raw-data.js';
import type { Config } from './schema.js';
import { secretKind } from './secrets.js';

export function exposureProblems(raw: RawMap, env: Record<string, string | undefined>): PathProblem[] {
  return [...listenProblems(raw), ...secretProblems(raw, env)];
}

/** Data-plane requests need a key (config `apiKeys`, or `auth.required` with virtual keys): auth is on. */
export function authRequired(config: Pick<Config, 'apiKeys' | 'auth'>): boolean {
  return config.apiKeys.length > 0 || config.auth.required;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

function listenProblems(raw: RawMap): PathProblem[] {
  const listen = stringOf(raw['listen']);
  if (listen === undefined) return [];
  const colon = listen.lastIndexOf(':');
  if (colon <= 0 || isLoopbackHost(listen.slice(0, colon))) return [];
  // auth.required: every request needs a key (apiKeys or a virtual key), so remote clients authenticate too.
  if (listOf(raw['apiKeys']).length > 0 || (isRawMap(raw['auth']) && raw['auth']['required'] === true)) return [];
  return [
    {
      path: ['listen'],
      at: 'value',
      message: `listen: ${JSON.stringify(listen)} is not a loopback address; set apiKeys or auth.required so remote clients must authenticate`,
      severity: 'error',
    },
  ];
}

function secretProblems(raw: RawMap, env: Record<string, string | undefined>): PathProblem[] {
  const refs: Array<[ConfigPath, unknown]> = [];
  for (const [id, provider] of entriesOf(raw['providers'])) {
    if (!isRawMap(provider)) continue;
    refs.push([['providers', id, 'apiKey'], provider['apiKey']]);
    for (const source of ['balance', 'quota']) {
      const value = provider[source];
      if (isRawMap(value)) refs.push([['providers', id, source, 'token'], value['token']]);
    }
  }
  refs.push(...telemetryHeaderRefs(raw));
  const problems: PathProblem[] = [];
  for (const [path, ref] of refs) {
    const message = typeof ref === 'string' ? secretWarning(ref, env) : undefined;
    if (message !== undefined) problems.push({ path, at: 'value', message: atPath(path, message), severity: 'warning' });
  }
  return problems;
}

/** OTLP headers that carry credentials (by name): written like an apiKey, as env:NAME or file:PATH. */
function telemetryHeaderRefs(raw: RawMap): Array<[ConfigPath, unknown]> {
  const telemetry = raw['telemetry'];
  const otlp = isRawMap(telemetry) ? telemetry['otlp'] : undefined;
  if (!isRawMap(otlp)) return [];
  return entriesOf(otlp['headers'])
    .filter(([name]) => /auth|key|token|secret|password/i.test(name))
    .map(([name, value]) => [['telemetry', 'otlp', 'headers', name], value]);
}

function secretWarning(ref: string, env: Record<string, string | undefined>): string | undefined {
  if (ref === '') return undefined;
  const kind = secretKind(ref);
  if (kind.kind === 'literal') return 'literal secret in config; use env:NAME or file:PATH';
  if (kind.kind === 'env') {
    if (kind.name === '') return 'env: needs a variable name (env:NAME)';
    const value = env[kind.name];
    return value === undefined || value === '' ? `environment variable ${kind.name} is not set` : undefined;
  }
  return kind.path === '' ? 'file: needs a path (file:PATH)' : undefined;
}
