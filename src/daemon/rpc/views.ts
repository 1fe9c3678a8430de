// Read-only views of the running config and state for the CLI (list, show, aliases, rules, models).
import type { Config, Route, Rule, Target } from '../../config/schema.js';
import { catalogEntry } from '../../engine/prepare.js';
import { isAvailable } from '../../engine/reduce.js';
import type { RouterState } from '../../engine/types.js';
import type { CircuitDTO, ConfigView, RouteView, RuleView, TargetView } from '../../protocol/index.js';

/** The route `auto` means now; null when `router switch` chose a single target or a target list. */
export function activeRouteId(config: Config, state: RouterState): string | null {
  const fallback = config.defaultRoute ?? Object.keys(config.routes)[0] ?? null;
  const s = state.activeRoute;
  if (s === null) return fallback;
  if (config.routes[s]) return s;
  const alias = config.aliases[s];
  if (typeof alias === 'string') return config.routes[alias] ? alias : fallback;
  return alias !== undefined || s.includes('/') ? null : fallback;
}

export function targetView(
  t: Target,
  config: Config,
  state: RouterState,
  now: number,
  hasAdapter: (provider: string) => boolean,
): TargetView {
  const entry = catalogEntry(config, t);
  const a = hasAdapter(t.provider)
    ? isAvailable(state, t, now)
    : { ok: false, why: `provider type "${config.providers[t.provider]?.type}" has no adapter yet` };
  return {
    id: t.id,
    provider: t.provider,
    model: t.model,
    label: t.label,
    available: a.ok,
    why: a.ok ? undefined : a.why,
    contextWindow: entry?.contextWindow,
    maxOutput: entry?.maxOutput,
    tier: entry?.tier,
    reasoning: entry?.reasoning,
    vision: entry?.vision,
    tools: entry?.tools,
    price: entry?.price,
  };
}

function ruleView(rule: Rule, scope: string, index: number): RuleView {
  return {
    scope,
    name: rule.name ?? (scope === 'global' ? `rules[${index}]` : `routes.${scope}.rules[${index}]`),
    priority: rule.priority,
    final: rule.final,
    when: rule.when as Record<string, unknown>,
    then: rule.then as Record<string, unknown>,
  };
}

export function configView(config: Config, state: RouterState, now: number, hasAdapter: (p: string) => boolean): ConfigView {
  const active = activeRouteId(config, state);
  const routeView = (r: Route): RouteView => ({
    id: r.id,
    name: r.name,
    strategy: r.strategy,
    active: r.id === active,
    isDefault: r.id === (config.defaultRoute ?? Object.keys(config.routes)[0]),
    targets: r.targets.map((t) => targetView(t, config, state, now, hasAdapter)),
    rules: r.rules?.length ?? 0,
  });
  const rules = [
    ...config.rules.map((r, i) => ruleView(r, 'global', i)),
    ...Object.values(config.routes).flatMap((route) => (route.rules ?? []).map((r, i) => ruleView(r, route.id, i))),
  ].sort((a, b) => a.priority - b.priority);
  return {
    configPath: config.source,
    activeRoute: active,
    switchedTo: state.activeRoute,
    defaultRoute: config.defaultRoute ?? Object.keys(config.routes)[0] ?? null,
    providers: Object.keys(config.providers),
    routes: Object.values(config.routes).map(routeView),
    aliases: Object.entries(config.aliases).map(([name, to]) => ({ name, to })),
    rules,
  };
}

export function circuits(state: RouterState, config: Config, now: number): CircuitDTO[] {
  const windowStart = now - config.circuit.windowSeconds * 1000;
  return Object.entries(state.breakers).map(([target, b]) => ({
    target,
    state: b.state === 'open' && b.openUntil !== undefined && b.openUntil <= now ? 'half-open' : b.state,
    recentFailures: b.failures.filter((t) => t > windowStart).length,
    openUntil: b.openUntil === undefined ? undefined : new Date(b.openUntil).toISOString(),
  }));
}
