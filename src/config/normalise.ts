// Validated YAML data -> the Config the daemon runs on: targets as objects, a default route, and a
// catalog in which every configured target finds its model facts under its own "provider/model" id.
import { builtinCatalog, catalogEntry } from './catalog.js';
import { experimentTargets, normaliseExperiments } from './experiment-normalise.js';
import type { Config, ModelEntry, ParsedConfig, ProviderConfig, Route, RouteConfig, Rule, Target } from './schema.js';

type TargetItem = RouteConfig['targets'][number];

/** Model ids may contain slashes ("openrouter/meta-llama/llama-3"): only the first one separates. */
export function splitTarget(ref: string): { provider: string; model: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { provider: ref, model: '' } : { provider: ref.slice(0, slash), model: ref.slice(slash + 1) };
}

export function toTarget(item: TargetItem): Target {
  if (typeof item === 'string') return { id: item, ...splitTarget(item) };
  const { target, ...rest } = item;
  return { id: target, ...splitTarget(target), ...definedOnly(rest) };
}

export function normaliseConfig(parsed: ParsedConfig, source: string | null): Config {
  const routes: Record<string, Route> = {};
  for (const [id, route] of Object.entries(parsed.routes)) {
    routes[id] = { ...route, id, targets: route.targets.map(toTarget) };
  }
  const defaultRoute = parsed.defaultRoute ?? Object.keys(routes)[0];
  const experiments = normaliseExperiments(parsed.experiments, (ref) => toTarget(ref));
  const config: Config = { ...parsed, routes, experiments, catalog: {}, source };
  if (defaultRoute !== undefined) config.defaultRoute = defaultRoute;
  config.catalog = buildCatalog(parsed.models, parsed.providers, configuredTargets(config));
  return config;
}

function buildCatalog(
  models: Record<string, ModelEntry>,
  providers: Record<string, ProviderConfig>,
  targets: Target[],
): Record<string, ModelEntry> {
  const typeOf = (provider: string): string => providers[provider]?.type ?? provider;
  const builtin = { catalog: builtinCatalog };
  const catalog: Record<string, ModelEntry> = { ...builtinCatalog };
  // A file entry refines what is already known about that model, field by field.
  for (const [id, entry] of Object.entries(models)) {
    const target = { id, ...splitTarget(id) };
    const known = catalogEntry(builtin, target, typeOf(target.provider));
    catalog[id] = { ...known, ...definedOnly(entry) };
  }
  // Providers are named by the user ("work-openai"); the facts are filed under the type ("openai/…").
  for (const target of targets) {
    if (catalog[target.id] !== undefined) continue;
    const entry = catalogEntry({ catalog }, target, typeOf(target.provider));
    if (entry !== undefined) catalog[target.id] = entry;
  }
  return catalog;
}

function configuredTargets(config: Config): Target[] {
  const targets = Object.values(config.routes).flatMap((route) => route.targets);
  for (const alias of Object.values(config.aliases)) {
    if (Array.isArray(alias)) targets.push(...alias.map((ref) => toTarget(ref)));
  }
  targets.push(...experimentTargets(config.experiments));
  const rules: Rule[] = [...config.rules, ...Object.values(config.routes).flatMap((route) => route.rules ?? [])];
  for (const rule of rules) {
    if (rule.then.target !== undefined) targets.push(toTarget(rule.then.target));
  }
  return targets;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
