// Turns the requested model name into candidate targets: active route, route id, alias, or a direct
// "provider/model" with its failover list.
import type { Config, Route, Strategy, Target } from '../config/schema.js';
import type { Prepared } from './prepare.js';
import { toTarget } from './prepare.js';
import { closeMatches } from './suggest.js';
import type { ResolutionKind } from './trace.js';
import type { RouterState } from './types.js';

export interface Resolved {
  ok: true;
  kind: ResolutionKind;
  route: Route | null;
  targets: Target[];
  strategy: Strategy;
  via?: string;
  /** For direct targets: how many leading targets were asked for; the rest is failover. */
  requested?: number;
  notes: string[];
}

export interface Unresolved {
  ok: false;
  code: 'model_not_found' | 'route_not_found';
  message: string;
  suggestions: string[];
}

const activeNames: ReadonlySet<string> = new Set(['auto', 'router']);

function fromRoute(route: Route, p: Prepared, kind: ResolutionKind, via?: string): Resolved {
  return { ok: true, kind, route, targets: p.routeTargets.get(route.id) ?? route.targets, strategy: route.strategy, via, notes: [] };
}

/** A name that is a route, an alias or a target, without the active-route indirection. */
function resolveNamed(name: string, config: Config, p: Prepared, state: RouterState, withFailover: boolean): Resolved | undefined {
  const route = config.routes[name];
  if (route) return fromRoute(route, p, 'route');
  const alias = config.aliases[name];
  if (typeof alias === 'string') {
    const aliased = config.routes[alias];
    return aliased ? fromRoute(aliased, p, 'alias', name) : undefined;
  }
  const listed = p.aliasTargets.get(name);
  if (listed) return { ok: true, kind: 'alias', route: null, targets: listed, strategy: 'ordered', via: name, notes: [] };
  if (name.indexOf('/') > 0) return resolveDirect(name, config, p, state, withFailover);
  return undefined;
}

function defaultRouteOf(config: Config, p: Prepared): Route | undefined {
  const byDefault = config.defaultRoute === undefined ? undefined : config.routes[config.defaultRoute];
  const first = p.routeIds[0];
  return byDefault ?? (first === undefined ? undefined : config.routes[first]);
}

function resolveActive(config: Config, p: Prepared, state: RouterState, withFailover: boolean): Resolved | undefined {
  const notes: string[] = [];
  if (state.activeRoute !== null) {
    const switched = resolveNamed(state.activeRoute, config, p, state, withFailover);
    if (switched) return { ...switched, kind: 'active', via: `switch:${state.activeRoute}` };
    notes.push(`switched route "${state.activeRoute}" is no longer in the config; using the default`);
  }
  const route = defaultRouteOf(config, p);
  if (!route) return undefined;
  const via = config.defaultRoute !== undefined && config.routes[config.defaultRoute] ? 'defaultRoute' : 'first route';
  return { ...fromRoute(route, p, 'active', via), notes };
}

function failoverTargets(direct: Target, config: Config, p: Prepared, state: RouterState): Target[] {
  switch (config.failover.strategy) {
    case 'none':
      return [];
    case 'same-model':
      return (p.byModel.get(direct.model) ?? []).filter((t) => t.provider !== direct.provider);
    case 'priority': {
      // Without failover of its own: a switched-to direct target must not recurse into this list.
      const active = resolveActive(config, p, state, false);
      if (!active) return [];
      const at = active.targets.findIndex((t) => t.id === direct.id);
      return active.targets.slice(at + 1).filter((t) => t.id !== direct.id);
    }
  }
}

function resolveDirect(id: string, config: Config, p: Prepared, state: RouterState, withFailover: boolean): Resolved | undefined {
  const known = p.knownTargets.get(id);
  const target = known ?? toTarget(id);
  // The catalog knows models of vendors this config has no provider for: nothing could send to them.
  if (!known && !config.providers[target.provider]) return undefined;
  const rest = withFailover ? failoverTargets(target, config, p, state) : [];
  const notes = rest.length > 0 ? [`failover (${config.failover.strategy}): ${rest.map((t) => t.id).join(', ')}`] : [];
  return { ok: true, kind: 'direct', route: null, targets: [target, ...rest], strategy: 'ordered', requested: 1, notes };
}

export function resolveModel(
  facts: { model: string; routeHeader?: string },
  config: Config,
  p: Prepared,
  state: RouterState,
): Resolved | Unresolved {
  const fromHeader = facts.routeHeader !== undefined && facts.routeHeader !== '';
  const name = (fromHeader ? facts.routeHeader : facts.model)?.trim() ?? '';
  if (activeNames.has(name.toLowerCase()) || (name === '' && !fromHeader)) {
    const active = resolveActive(config, p, state, true);
    if (active) return active;
    return { ok: false, code: 'route_not_found', message: 'no routes are configured', suggestions: [] };
  }
  const named = resolveNamed(name, config, p, state, true);
  if (named) return named;
  const code = fromHeader ? 'route_not_found' : 'model_not_found';
  const what = fromHeader ? 'route' : 'model';
  const provider = name.indexOf('/') > 0 ? name.slice(0, name.indexOf('/')) : undefined;
  const why =
    provider !== undefined && !config.providers[provider]
      ? `provider "${provider}" is not configured`
      : 'not a route, alias or configured provider/model';
  return { ok: false, code, message: `unknown ${what} "${name}": ${why}`, suggestions: closeMatches(name, p.names) };
}

/** A rule's `then.target`: the configured target object when there is one (it carries label/billing). */
export function resolveRuleTarget(id: string, p: Prepared): Target {
  return p.knownTargets.get(id) ?? toTarget(id);
}
