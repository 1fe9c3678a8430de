// Hand-built Config objects for engine tests (the loader is another room's; we do not depend on it).
import type { Config, ModelEntry, ProviderConfig, Route, Rule, Target } from '../../src/config/schema.js';

export function target(id: string, extra: Partial<Target> = {}): Target {
  const slash = id.indexOf('/');
  return { id, provider: id.slice(0, slash), model: id.slice(slash + 1), ...extra };
}

function provider(type: ProviderConfig['type'] = 'openai-compatible', extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return { type, billing: 'per-token', connectTimeoutMs: 10_000, firstByteTimeoutMs: 120_000, ...extra };
}

export interface ConfigInput {
  routes?: Record<string, string[] | Omit<Route, 'id'>>;
  providers?: Record<string, ProviderConfig['type'] | ProviderConfig>;
  aliases?: Config['aliases'];
  catalog?: Record<string, ModelEntry>;
  rules?: Partial<Rule>[];
  defaultRoute?: string;
  failover?: Partial<Config['failover']>;
  cooldowns?: Partial<Config['cooldowns']>;
  circuit?: Partial<Config['circuit']>;
}

export function rule(r: Partial<Rule> & Pick<Rule, 'then'>): Rule {
  return { priority: 100, final: false, when: {}, ...r };
}

export function makeConfig(input: ConfigInput = {}): Config {
  const routes: Record<string, Route> = {};
  const providerIds = new Set<string>();
  for (const [id, r] of Object.entries(input.routes ?? {})) {
    routes[id] = Array.isArray(r) ? { id, strategy: 'ordered', escalate: false, targets: r.map((t) => target(t)) } : { id, ...r };
    for (const t of routes[id].targets) providerIds.add(t.provider);
  }
  const providers: Record<string, ProviderConfig> = {};
  for (const id of providerIds) providers[id] = provider();
  for (const [id, p] of Object.entries(input.providers ?? {})) providers[id] = typeof p === 'string' ? provider(p) : p;
  return {
    version: 1,
    listen: '127.0.0.1:4141',
    apiKeys: [],
    auth: { required: false },
    cache: { enabled: false, ttlSeconds: 3600, maxEntries: 10_000, anyTemperature: false },
    defaultRoute: input.defaultRoute,
    providers,
    models: {},
    routes,
    aliases: input.aliases ?? {},
    rules: (input.rules ?? []).map((r) => rule({ then: {}, ...r })),
    budgets: {},
    uvi: { enabled: false, hard: false },
    failover: { maxAttempts: 3, strategy: 'priority', ...input.failover },
    cooldowns: {
      rateLimitSeconds: 30,
      serverErrorSeconds: 15,
      timeoutSeconds: 15,
      authSeconds: 3600,
      maxSeconds: 3600,
      ...input.cooldowns,
    },
    circuit: { failures: 3, windowSeconds: 60, openSeconds: 30, ...input.circuit },
    shadow: { enabled: false },
    ledger: { retainDays: 90, capturePrompts: false },
    responses: { store: false, ttlSeconds: 86_400, maxEntries: 10_000 },
    limits: { maxBodyBytes: 10 * 1024 * 1024, keepAliveMs: 15_000, bodyTimeoutMs: 30_000, drainMs: 10_000 },
    catalog: input.catalog ?? {},
    source: null,
  };
}
