// Everything plan() needs that depends only on the config, computed once per config object.
import type { Config, ModelEntry, Route, Target } from '../config/schema.js';
import type { RuleSet } from './rule-compile.js';
import { ruleSet } from './rule-compile.js';

export interface Prepared {
  routeIds: string[];
  /** Every target named by a route or alias, by id (the first definition wins: it carries label/billing). */
  knownTargets: Map<string, Target>;
  /** Model id -> targets serving it, in config order (for the 'same-model' failover). */
  byModel: Map<string, Target[]>;
  /** Alias name -> ad-hoc target list, for aliases that list targets rather than naming a route. */
  aliasTargets: Map<string, Target[]>;
  /** Names a client may send, for suggestions. */
  names: string[];
  /** target id -> catalog entry (null when nothing is known), for every target the config names. */
  catalog: Map<string, ModelEntry | null>;
  /** Route id -> its targets without duplicates (a repeated target would only waste an attempt). */
  routeTargets: Map<string, Target[]>;
  /** Model id -> catalog entry when the id alone is unambiguous (null when it is not). */
  modelNames: Map<string, ModelEntry | null>;
  /** Route id -> global plus route rules in evaluation order; key '' holds the global rules alone. */
  rules: Map<string, RuleSet>;
}

const cache = new WeakMap<Config, Prepared>();

export function toTarget(id: string): Target {
  const slash = id.indexOf('/');
  return { id, provider: id.slice(0, slash), model: id.slice(slash + 1) };
}

/** Catalog keys use the provider id, then the provider type ("openai/gpt-4o"), then any entry with the same model id. */
function catalogLookup(config: Config, target: Target, byModelName: Map<string, ModelEntry | null>): ModelEntry | undefined {
  const own = config.catalog[target.id];
  if (own) return own;
  const type = config.providers[target.provider]?.type;
  const typed = type === undefined ? undefined : config.catalog[`${type}/${target.model}`];
  if (typed) return typed;
  return byModelName.get(target.model) ?? undefined;
}

function modelNameIndex(config: Config): Map<string, ModelEntry | null> {
  // null marks an ambiguous model name (two different entries), which must not be guessed.
  const out = new Map<string, ModelEntry | null>();
  for (const [key, entry] of Object.entries(config.catalog)) {
    const model = key.slice(key.indexOf('/') + 1);
    out.set(model, out.has(model) && out.get(model) !== entry ? null : entry);
  }
  return out;
}

export function distinct(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.id) && (seen.add(t.id), true));
}

function remember(p: Prepared, t: Target): void {
  if (p.knownTargets.has(t.id)) return;
  p.knownTargets.set(t.id, t);
  const list = p.byModel.get(t.model);
  if (list) list.push(t);
  else p.byModel.set(t.model, [t]);
}

function build(config: Config): Prepared {
  const routes: Route[] = Object.values(config.routes);
  const p: Prepared = {
    routeIds: Object.keys(config.routes),
    knownTargets: new Map(),
    byModel: new Map(),
    aliasTargets: new Map(),
    names: ['auto', 'router'],
    catalog: new Map(),
    routeTargets: new Map(),
    modelNames: modelNameIndex(config),
    rules: new Map([['', ruleSet(config.rules, undefined, null)]]),
  };
  for (const route of routes) p.rules.set(route.id, ruleSet(config.rules, route.rules, route.id));
  for (const route of routes) {
    for (const t of route.targets) remember(p, t);
    p.routeTargets.set(route.id, distinct(route.targets));
  }
  for (const [name, value] of Object.entries(config.aliases)) {
    if (typeof value === 'string') continue;
    const targets = distinct(value.map((id) => p.knownTargets.get(id) ?? toTarget(id)));
    p.aliasTargets.set(name, targets);
    for (const t of targets) remember(p, t);
  }
  for (const t of p.knownTargets.values()) p.catalog.set(t.id, catalogLookup(config, t, p.modelNames) ?? null);
  p.names.push(...p.routeIds, ...Object.keys(config.aliases), ...p.knownTargets.keys());
  return p;
}

export function prepare(config: Config): Prepared {
  let p = cache.get(config);
  if (!p) {
    p = build(config);
    cache.set(config, p);
  }
  return p;
}

const noRules: RuleSet = { rules: [], needsText: false };

export function rulesFor(p: Prepared, routeId: string | null): RuleSet {
  return p.rules.get(routeId ?? '') ?? p.rules.get('') ?? noRules;
}

/** Catalog entry for any target, including direct ones not named in the config. */
export function catalogEntry(config: Config, target: Target): ModelEntry | undefined {
  const p = prepare(config);
  const known = p.catalog.get(target.id);
  if (known !== undefined) return known ?? undefined;
  return catalogLookup(config, target, p.modelNames);
}
