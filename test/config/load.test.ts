import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig, formatProblem, loadConfigFile, parseConfig, type LoadResult } from '../../src/config/load.js';
import { builtinCatalog } from '../../src/config/catalog.js';
import type { Config } from '../../src/config/schema.js';

function configOf(result: LoadResult): Config {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.config;
}

const parse = (lines: string[]): Config => configOf(parseConfig(lines.join('\n'), 'c.yaml', {}));

describe('defaults', () => {
  it('a file with an empty providers section is a valid config with every default filled in', () => {
    const config = configOf(parseConfig('providers:\n', 'empty.yaml', {}));
    expect(config).toMatchObject({
      version: 1,
      listen: '127.0.0.1:4141',
      apiKeys: [],
      providers: {},
      routes: {},
      aliases: {},
      rules: [],
      uvi: { enabled: false, hard: false },
      failover: { maxAttempts: 3, strategy: 'priority' },
      cooldowns: { rateLimitSeconds: 30, serverErrorSeconds: 15, timeoutSeconds: 15, authSeconds: 3600, maxSeconds: 3600 },
      circuit: { failures: 5, windowSeconds: 60, openSeconds: 30 },
      shadow: { enabled: false },
      ledger: { retainDays: 90 },
      limits: { maxBodyBytes: 10 * 1024 * 1024, keepAliveMs: 15_000, drainMs: 10_000 },
      source: resolve('empty.yaml'),
    });
    expect(config.defaultRoute).toBeUndefined();
    expect(config.catalog).toEqual(builtinCatalog);
  });

  it('fills provider, route and rule defaults', () => {
    const config = parse([
      'providers:',
      '  sim: { type: simulated }',
      'routes:',
      '  r: { targets: [sim/a] }',
      'rules:',
      '  - then: { tier: basic }',
    ]);
    expect(config.providers['sim']).toEqual({
      type: 'simulated',
      billing: 'per-token',
      connectTimeoutMs: 10_000,
      firstByteTimeoutMs: 120_000,
    });
    expect(config.routes['r']).toMatchObject({ id: 'r', strategy: 'adaptive', escalate: false });
    expect(config.rules[0]).toEqual({ priority: 100, final: false, when: {}, then: { tier: 'basic' } });
  });

  it.each<[string, string[], string | undefined]>([
    ['the first route when defaultRoute is absent', ['routes:', '  b: { targets: [sim/x] }', '  a: { targets: [sim/y] }'], 'b'],
    ['defaultRoute when given', ['routes:', '  b: { targets: [sim/x] }', '  a: { targets: [sim/y] }', 'defaultRoute: a'], 'a'],
    ['nothing without routes', [], undefined],
  ])('defaultRoute is %s', (_name, lines, expected) => {
    expect(parse(['providers:', '  sim: { type: simulated }', ...lines]).defaultRoute).toBe(expected);
  });
});

describe('target normalisation', () => {
  it.each<[string, string, object]>([
    ['a plain target', 'sim/echo', { id: 'sim/echo', provider: 'sim', model: 'echo' }],
    [
      'a model id with slashes',
      'openrouter/meta-llama/llama-3',
      { id: 'openrouter/meta-llama/llama-3', provider: 'openrouter', model: 'meta-llama/llama-3' },
    ],
    ['an Ollama tag', 'local/qwen2.5-coder:7b', { id: 'local/qwen2.5-coder:7b', provider: 'local', model: 'qwen2.5-coder:7b' }],
    [
      'the long form',
      '{ target: "openrouter/openai/gpt-4o", label: cheap, billing: subscription, weight: 2 }',
      {
        id: 'openrouter/openai/gpt-4o',
        provider: 'openrouter',
        model: 'openai/gpt-4o',
        label: 'cheap',
        billing: 'subscription',
        weight: 2,
      },
    ],
  ])('%s', (_name, target, expected) => {
    const config = parse([
      'providers:',
      '  sim: { type: simulated }',
      '  openrouter: { type: openai-compatible, baseUrl: "https://openrouter.ai/api/v1" }',
      '  local: { type: ollama }',
      'routes:',
      `  r: { targets: [${target}] }`,
    ]);
    expect(config.routes['r']?.targets).toEqual([expected]);
  });
});

describe('catalog', () => {
  const providers = ['providers:', '  work: { type: openai }', '  ds: { type: openai-compatible, baseUrl: "https://api.deepseek.com/v1" }'];

  it('a models entry overrides the built-in one field by field', () => {
    const config = parse(['providers: {}', 'models:', '  "openai/gpt-4o":', '    tier: premium', '    price: { input: 1, output: 2 }']);
    expect(config.catalog['openai/gpt-4o']).toEqual({
      ...builtinCatalog['openai/gpt-4o'],
      tier: 'premium',
      price: { input: 1, output: 2 },
    });
    expect(config.catalog['openai/gpt-4o-mini']).toEqual(builtinCatalog['openai/gpt-4o-mini']);
  });

  it('a models entry under a provider id starts from the built-in facts for its type', () => {
    const config = parse([...providers, 'models:', '  "work/gpt-4.1": { contextWindow: 200000 }']);
    expect(config.catalog['work/gpt-4.1']).toEqual({ ...builtinCatalog['openai/gpt-4.1'], contextWindow: 200_000 });
  });

  it('a new model is added as written', () => {
    const config = parse([...providers, 'models:', '  "work/ft:my-model": { tier: strong, tools: true }']);
    expect(config.catalog['work/ft:my-model']).toEqual({ tier: 'strong', tools: true });
  });

  it('every configured target finds its facts under its own id', () => {
    const config = parse([
      ...providers,
      'routes:',
      '  r: { targets: [work/gpt-4o, ds/deepseek-chat, work/not-a-known-model] }',
      'aliases:',
      '  fast: [work/gpt-4o-mini]',
      'rules:',
      '  - then: { target: work/o3 }',
    ]);
    expect(config.catalog['work/gpt-4o']).toEqual(builtinCatalog['openai/gpt-4o']);
    expect(config.catalog['ds/deepseek-chat']).toEqual(builtinCatalog['deepseek/deepseek-chat']);
    expect(config.catalog['work/gpt-4o-mini']).toEqual(builtinCatalog['openai/gpt-4o-mini']);
    expect(config.catalog['work/o3']).toEqual(builtinCatalog['openai/o3']);
    expect(config.catalog['work/not-a-known-model']).toBeUndefined();
  });
});

describe('demoConfig', () => {
  it('is one simulated provider behind one route, needing no network or keys', () => {
    const config = demoConfig();
    expect(config.providers).toEqual({ sim: expect.objectContaining({ type: 'simulated' }) });
    expect(config.providers['sim']?.apiKey).toBeUndefined();
    expect(config.routes).toEqual({
      default: { id: 'default', strategy: 'adaptive', escalate: false, targets: [{ id: 'sim/echo', provider: 'sim', model: 'echo' }] },
    });
    expect(config.defaultRoute).toBe('default');
    expect(config.listen).toBe('127.0.0.1:4141');
    expect(config.source).toBeNull();
  });

  it('returns a fresh object each time', () => {
    const first = demoConfig();
    first.routes['default']?.targets.push({ id: 'x/y', provider: 'x', model: 'y' });
    expect(demoConfig().routes['default']?.targets).toHaveLength(1);
  });
});

describe('formatProblem', () => {
  it.each<[Parameters<typeof formatProblem>[0], string]>([
    [{ file: 'a.yaml', line: 3, col: 7, message: 'routes.x: required', severity: 'error' }, 'a.yaml:3:7 routes.x: required'],
    [{ file: '/etc/r.yaml', line: 1, col: 1, message: 'literal secret', severity: 'warning' }, '/etc/r.yaml:1:1 warning: literal secret'],
  ])('%j', (problem, expected) => {
    expect(formatProblem(problem)).toBe(expected);
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'router-config-'));

  it('reports a missing file at 1:1', async () => {
    const file = join(dir, 'missing.yaml');
    expect(await loadConfigFile(file, {})).toEqual({
      ok: false,
      problems: [{ file, line: 1, col: 1, message: 'no such file', severity: 'error' }],
    });
  });

  it('reports a directory at 1:1', async () => {
    expect(await loadConfigFile(dir, {})).toEqual({
      ok: false,
      problems: [{ file: dir, line: 1, col: 1, message: 'is a directory, not a config file', severity: 'error' }],
    });
  });

  it('loads a file and records its absolute path', async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'providers:\n  o: { type: openai, apiKey: env:KEY }\nroutes:\n  r: { targets: [o/gpt-4o] }\n');
    const result = await loadConfigFile(file, { KEY: 'sk-from-env' });
    expect(result).toMatchObject({ ok: true, warnings: [], config: { source: file, defaultRoute: 'r' } });
  });

  it('passes env through to the secret checks', async () => {
    const file = join(dir, 'unset.yaml');
    writeFileSync(file, 'providers:\n  o: { type: openai, apiKey: env:KEY }\n');
    const result = await loadConfigFile(file, {});
    expect(result.ok && result.warnings.map(formatProblem)).toEqual([
      `${file}:2:30 warning: providers.o.apiKey: environment variable KEY is not set`,
    ]);
  });
});
