import { describe, expect, it } from 'vitest';
import { formatProblem, parseConfig } from '../../src/config/load.js';

const env = { OPENAI_API_KEY: 'sk-test-1234567890' };
const sim = ['providers:', '  sim: { type: simulated }'];

/** A fragment under test becomes a whole file: a file naming neither providers nor routes is refused as unfinished. */
const whole = (lines: string[]): string =>
  (lines.some((l) => /^(providers|routes):|^- /.test(l)) ? lines : [...lines, 'providers: {}']).join('\n');

function problemsOf(lines: string[]): string[] {
  const result = parseConfig(whole(lines), 'c.yaml', env);
  return (result.ok ? result.warnings : result.problems).map(formatProblem);
}

describe('parseConfig reports each problem with its line:col', () => {
  it.each<[string, string[], string[]]>([
    [
      'yaml syntax error',
      ['routes: [a, b', 'x: 1'],
      ['c.yaml:2:1 Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
    ['duplicate key', [...sim, '  sim: { type: simulated }'], ['c.yaml:3:3 duplicate key "sim"']],
    ['duplicate quoted key', ['models:', '  "openai/x": {}', '  "openai/x": {}'], ['c.yaml:3:3 duplicate key "openai/x"']],
    ['unknown top-level key', ['colour: red'], ['c.yaml:1:1 unknown key "colour"']],
    ['unknown key with a typo', ['defaultroute: x'], ['c.yaml:1:1 unknown key "defaultroute" (did you mean "defaultRoute"?)']],
    [
      'unknown key in a route',
      [...sim, 'routes:', '  fast:', '    strategey: ordered', '    targets: [sim/a]'],
      ['c.yaml:5:5 unknown key "strategey" (did you mean "strategy"?)'],
    ],
    [
      'unknown key in a provider',
      ['providers:', '  sim:', '    tpye: simulated', '    type: simulated'],
      ['c.yaml:3:5 unknown key "tpye" (did you mean "type"?)'],
    ],
    [
      'unknown key in a target object',
      [...sim, 'routes:', '  fast:', '    targets: [{ target: sim/a, wieght: 2 }]'],
      ['c.yaml:5:32 unknown key "wieght" (did you mean "weight"?)'],
    ],
    [
      'unknown rule condition',
      ['rules:', '  - when: { hasTool: true }', '    then: { tier: basic }'],
      ['c.yaml:2:13 unknown key "hasTool" (did you mean "hasTools"?)'],
    ],
    ['unknown key by prefix', ['circuit: { window: 5 }'], ['c.yaml:1:12 unknown key "window" (did you mean "windowSeconds"?)']],
    [
      'enum value',
      [...sim, 'routes:', '  fast:', '    strategy: nope', '    targets: [sim/a]'],
      ['c.yaml:5:15 routes.fast.strategy: expected one of adaptive, ordered, cheapest, fastest, bandit'],
    ],
    [
      'provider type',
      ['providers:', '  x: { type: openia }'],
      ['c.yaml:2:14 providers.x.type: expected one of openai, anthropic, gemini, ollama, openai-compatible, simulated'],
    ],
    [
      'wrong type',
      ['providers:', '  sim: { type: simulated, timeoutMs: soon }'],
      ['c.yaml:2:38 providers.sim.timeoutMs: expected number, got string "soon"'],
    ],
    ['integer expected', ['failover:', '  maxAttempts: 2.5'], ['c.yaml:2:16 failover.maxAttempts: expected an integer, got number 2.5']],
    ['below the minimum', ['circuit:', '  failures: 0'], ['c.yaml:2:13 circuit.failures: must be at least 1']],
    ['above the maximum', ['failover: { maxAttempts: 50 }'], ['c.yaml:1:26 failover.maxAttempts: must be at most 20']],
    [
      'negative price',
      ['models:', '  "openai/x": { price: { input: -1, output: 1 } }'],
      ['c.yaml:2:33 models["openai/x"].price.input: must be at least 0'],
    ],
    ['negative drain time', ['limits: { drainMs: -1 }'], ['c.yaml:1:20 limits.drainMs: must be at least 0']],
    [
      'drain time not a whole number of ms',
      ['limits:', '  drainMs: 1.5'],
      ['c.yaml:2:12 limits.drainMs: expected an integer, got number 1.5'],
    ],
    ['wrong version', ['version: 2'], ['c.yaml:1:10 version: expected 1']],
    ['listen shape', ['listen: localhost'], ['c.yaml:1:9 listen: expected "HOST:PORT"']],
    ['listen of the wrong type', ['listen: 4141'], ['c.yaml:1:9 listen: expected string, got number 4141']],
    ['not a URL', ['providers:', '  o: { type: openai, baseUrl: localhost }'], ['c.yaml:2:31 providers.o.baseUrl: expected a URL']],
    ['mapping expected', ['routes: [a]'], ['c.yaml:1:9 routes: expected mapping, got list']],
    ['top level is not a mapping', ['- a', '- b'], ['c.yaml:1:1 expected mapping, got list']],
    ['missing targets', [...sim, 'routes:', '  fast:', '    strategy: ordered'], ['c.yaml:4:3 routes.fast.targets: required']],
    ['empty targets key', [...sim, 'routes:', '  fast:', '    targets:'], ['c.yaml:5:5 routes.fast.targets: expected list, got null']],
    ['no targets', [...sim, 'routes:', '  fast: { targets: [] }'], ['c.yaml:4:20 routes.fast.targets: a route needs at least one target']],
    [
      'target without a model',
      [...sim, 'routes:', '  fast: { targets: [sim] }'],
      ['c.yaml:4:21 routes.fast.targets[0]: expected "provider/model"'],
    ],
    [
      'target of the wrong type',
      [...sim, 'routes:', '  fast: { targets: [5] }'],
      ['c.yaml:4:21 routes.fast.targets[0]: expected string or mapping'],
    ],
    [
      'bad field in a target object',
      [...sim, 'routes:', '  fast: { targets: [{ target: sim/a, weight: -1 }] }'],
      ['c.yaml:4:46 routes.fast.targets[0].weight: must be greater than 0'],
    ],
    ['missing rule action', ['rules:', '  - when: { hasTools: true }'], ['c.yaml:2:5 rules[0].then: required']],
    [
      'bad hours shape',
      ['rules:', '  - when: { hours: 10pm-6am }', '    then: { tier: basic }'],
      ['c.yaml:2:20 rules[0].when.hours: expected "HH:MM-HH:MM"'],
    ],
    [
      'bad day',
      ['rules:', '  - when: { days: [mon, funday] }', '    then: { tier: basic }'],
      ['c.yaml:2:25 rules[0].when.days[1]: expected one of mon, tue, wed, thu, fri, sat, sun'],
    ],
    [
      'bad provider id',
      ['providers:', '  "my provider": { type: simulated }'],
      ['c.yaml:2:3 providers["my provider"]: provider ids use letters, digits, _ . -'],
    ],
    ['bad models key', ['models:', '  gpt-4o: { tier: basic }'], ['c.yaml:2:3 models.gpt-4o: expected "provider/model"']],
  ])('%s', (_name, lines, expected) => {
    expect(problemsOf(lines)).toEqual(expected);
  });
});

describe('cross references', () => {
  it.each<[string, string[], string[]]>([
    [
      'target with an unknown provider',
      [...sim, 'routes:', '  fast: { targets: [simm/a] }'],
      ['c.yaml:4:21 routes.fast.targets[0]: unknown provider "simm" (did you mean "sim"?)'],
    ],
    [
      'target object with an unknown provider',
      [...sim, 'routes:', '  fast:', '    targets:', '      - target: nope/a'],
      ['c.yaml:6:17 routes.fast.targets[0].target: unknown provider "nope"'],
    ],
    [
      'alias to an unknown route',
      [...sim, 'routes:', '  fast: { targets: [sim/a] }', 'aliases:', '  quick: fsat'],
      ['c.yaml:6:10 aliases.quick: unknown route "fsat" (did you mean "fast"?)'],
    ],
    [
      'alias written as a single target',
      [...sim, 'aliases:', '  quick: sim/a'],
      ['c.yaml:4:10 aliases.quick: unknown route "sim/a" (for a target write a list: [sim/a])'],
    ],
    [
      'alias with an unknown provider',
      [...sim, 'aliases:', '  quick: [sim/a, other/b]'],
      ['c.yaml:4:18 aliases.quick[1]: unknown provider "other"'],
    ],
    [
      'alias named like a route',
      [...sim, 'routes:', '  fast: { targets: [sim/a] }', 'aliases:', '  fast: [sim/b]'],
      ['c.yaml:6:3 aliases.fast: alias "fast" has the same name as a route'],
    ],
    [
      'defaultRoute unknown',
      [...sim, 'routes:', '  fast: { targets: [sim/a] }', 'defaultRoute: fats'],
      ['c.yaml:5:15 defaultRoute: unknown route "fats" (did you mean "fast"?)'],
    ],
    ['rule route unknown', ['rules:', '  - then: { route: nowhere }'], ['c.yaml:2:20 rules[0].then.route: unknown route "nowhere"']],
    [
      'rule target unknown provider',
      [...sim, 'rules:', '  - then: { target: x/y }'],
      ['c.yaml:4:21 rules[0].then.target: unknown provider "x"'],
    ],
    [
      'route-level rule',
      [...sim, 'routes:', '  fast:', '    targets: [sim/a]', '    rules:', '      - then: { route: slow }'],
      ['c.yaml:7:24 routes.fast.rules[0].then.route: unknown route "slow"'],
    ],
    [
      'regex that does not compile',
      ['rules:', '  - when: { systemMatches: "(unclosed" }', '    then: { tier: strong }'],
      ['c.yaml:2:28 rules[0].when.systemMatches: invalid regular expression: unterminated group'],
    ],
    [
      'hour out of range',
      ['rules:', '  - when: { hours: "25:00-06:00" }', '    then: { tier: basic }'],
      ['c.yaml:2:20 rules[0].when.hours: "25:00" is not a valid time (00:00-23:59)'],
    ],
    [
      'minute out of range',
      ['rules:', '  - when: { hours: "22:00-06:60" }', '    then: { tier: basic }'],
      ['c.yaml:2:20 rules[0].when.hours: "06:60" is not a valid time (00:00-24:00)'],
    ],
    [
      'not loopback without apiKeys',
      ['listen: 0.0.0.0:4141'],
      ['c.yaml:1:9 listen: "0.0.0.0:4141" is not a loopback address; set apiKeys or auth.required so remote clients must authenticate'],
    ],
    [
      'public IPv6 without apiKeys',
      ['listen: "[::]:4141"'],
      ['c.yaml:1:9 listen: "[::]:4141" is not a loopback address; set apiKeys or auth.required so remote clients must authenticate'],
    ],
  ])('%s', (_name, lines, expected) => {
    expect(problemsOf(lines)).toEqual(expected);
  });
});

describe('warnings do not stop loading', () => {
  it.each<[string, string[], string[]]>([
    [
      'same target twice in a route',
      [...sim, 'routes:', '  fast: { targets: [sim/a, sim/b, sim/a] }'],
      ['c.yaml:4:35 warning: routes.fast.targets[2]: "sim/a" is listed twice in this route'],
    ],
    [
      'apiKey from an unset variable',
      ['providers:', '  o: { type: openai, apiKey: env:MISSING_KEY }'],
      ['c.yaml:2:30 warning: providers.o.apiKey: environment variable MISSING_KEY is not set'],
    ],
    [
      'literal apiKey',
      ['providers:', '  o: { type: openai, apiKey: sk-live-secret-value }'],
      ['c.yaml:2:30 warning: providers.o.apiKey: literal secret in config; use env:NAME or file:PATH'],
    ],
    [
      'literal quota token',
      [
        'providers:',
        '  o:',
        '    type: openai',
        '    apiKey: env:OPENAI_API_KEY',
        '    quota: { url: "https://example.test/q", token: abc123 }',
      ],
      ['c.yaml:5:52 warning: providers.o.quota.token: literal secret in config; use env:NAME or file:PATH'],
    ],
    [
      'literal credential in an OTLP header (other headers may be literal)',
      [
        ...sim,
        'telemetry:',
        '  otlp:',
        '    endpoint: http://127.0.0.1:4318',
        '    headers: { x-tenant: acme, authorization: Bearer abc123 }',
      ],
      ['c.yaml:6:47 warning: telemetry.otlp.headers.authorization: literal secret in config; use env:NAME or file:PATH'],
    ],
    [
      'models entry for an unknown provider',
      ['models:', '  "acme/m1": { tier: basic }'],
      ['c.yaml:2:3 warning: models["acme/m1"]: unknown provider "acme"'],
    ],
    [
      'budget for an unknown provider',
      [...sim, 'budgets:', '  simm: { daily: 1 }'],
      ['c.yaml:4:3 warning: budgets.simm: unknown provider "simm" (did you mean "sim"?)'],
    ],
    [
      'preferring an unknown provider',
      [...sim, 'rules:', '  - then: { preferProviders: [sim, smi] }'],
      ['c.yaml:4:36 warning: rules[0].then.preferProviders[1]: unknown provider "smi" (did you mean "sim"?)'],
    ],
  ])('%s', (_name, lines, expected) => {
    const result = parseConfig(whole(lines), 'c.yaml', env);
    expect(result.ok).toBe(true);
    expect(problemsOf(lines)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['apiKey from a set variable', ['providers:', '  o: { type: openai, apiKey: env:OPENAI_API_KEY }']],
    ['apiKey from a file', ['providers:', '  o: { type: openai, apiKey: "file:~/.keys/openai" }']],
    ['models entry under a provider type', ['models:', '  "openai/my-finetune": { tier: strong }']],
    ['models entry under a catalog vendor', ['models:', '  "deepseek/deepseek-chat": { tier: strong }']],
    ['loopback listen', ['listen: 127.0.0.2:8080']],
    ['localhost listen', ['listen: localhost:8080']],
    ['IPv6 loopback listen', ['listen: "[::1]:8080"']],
    ['public listen with apiKeys', ['listen: 0.0.0.0:4141', 'apiKeys: [a-long-client-key]']],
    ['hours up to midnight', ['rules:', '  - when: { hours: "18:00-24:00" }', '    then: { tier: basic }']],
  ])('%s is clean', (_name, lines) => {
    expect(problemsOf(lines)).toEqual([]);
  });
});

describe('every problem is listed, in file order', () => {
  it('reports schema, reference and secret problems together', () => {
    const lines = [
      'providers:',
      '  sim: { type: simulated }',
      '  o: { type: openai, apiKey: env:NOT_SET }',
      'routes:',
      '  fast:',
      '    strategy: quickest',
      '    targets: [sim/a, nope/b]',
      'aliases:',
      '  fast: [sim/a]',
      'defaultRoute: slow',
      'colour: blue',
    ];
    expect(problemsOf(lines)).toEqual([
      'c.yaml:3:30 warning: providers.o.apiKey: environment variable NOT_SET is not set',
      'c.yaml:6:15 routes.fast.strategy: expected one of adaptive, ordered, cheapest, fastest, bandit',
      'c.yaml:7:22 routes.fast.targets[1]: unknown provider "nope"',
      'c.yaml:9:3 aliases.fast: alias "fast" has the same name as a route',
      'c.yaml:10:15 defaultRoute: unknown route "slow"',
      'c.yaml:11:1 unknown key "colour"',
    ]);
  });

  it('keeps checking after a duplicate key, reading the last value', () => {
    const lines = [...sim, 'routes:', '  fast: { targets: [sim/a] }', '  fast: { targets: [gone/a] }'];
    expect(problemsOf(lines)).toEqual(['c.yaml:5:3 duplicate key "fast"', 'c.yaml:5:21 routes.fast.targets[0]: unknown provider "gone"']);
  });

  it('locates values reached through a YAML alias at the anchor', () => {
    const lines = [...sim, 'x-targets: &t [ghost/a]', 'routes:', '  fast: { targets: *t }'];
    expect(problemsOf(lines)).toEqual([
      'c.yaml:3:1 unknown key "x-targets"',
      'c.yaml:3:16 routes.fast.targets[0]: unknown provider "ghost"',
    ]);
  });
});

describe('YAML-level problems', () => {
  it.each<[string, string[], string[]]>([
    ['two documents', ['version: 1', '---', 'version: 1'], ['c.yaml:2:1 a config file holds one YAML document; remove the second "---"']],
    ['an unknown tag', ['listen: !host 127.0.0.1:4141'], ['c.yaml:1:9 warning: Unresolved tag: !host']],
    ['a tab for indentation', ['providers:', '\tsim: { type: simulated }'], ['c.yaml:2:1 Tabs are not allowed as indentation']],
  ])('%s', (_name, lines, expected) => {
    expect(problemsOf(lines)).toEqual(expected);
  });

  it.each([['routes:'], ['providers:'], ['providers:\ndefaultRoute:']])('an empty top-level %s counts as absent', (line) => {
    expect(parseConfig(line, 'c.yaml', {}).ok).toBe(true);
  });

  it('an empty section below the top level is still an error', () => {
    expect(problemsOf(['providers:', '  sim:'])).toEqual(['c.yaml:2:3 providers.sim: expected mapping, got null']);
  });
});
