// Renderings of routes, targets, aliases and rules.
import type { ConfigView, RouteView, RuleView, TargetView } from '../../protocol/index.js';
import { palette } from './output.js';
import { table } from './table.js';

const k = (n?: number) => (n === undefined ? '-' : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const caps = (t: TargetView) => [t.reasoning && 'reasoning', t.vision && 'vision', t.tools && 'tools'].filter(Boolean).join(',') || '-';
const price = (t: TargetView) => (t.price ? `$${t.price.input}/$${t.price.output}` : '-');

export function targetState(t: TargetView): string {
  const c = palette();
  return t.available ? c.green('up') : c.yellow(`down: ${t.why ?? 'unavailable'}`);
}

export function routesTable(v: ConfigView): string {
  return table(
    ['', 'route', 'strategy', 'targets'],
    v.routes.map((r) => [
      r.active ? '*' : '',
      r.id + (r.isDefault ? ' (default)' : ''),
      r.strategy,
      r.targets.map((t) => (t.available ? t.id : `${t.id} (down)`)).join(', '),
    ]),
  );
}

export function routeDetail(r: RouteView): string {
  const head = `${r.id}${r.name ? ` — ${r.name}` : ''}  strategy ${r.strategy}${r.active ? ', active' : ''}${r.isDefault ? ', default' : ''}${r.rules ? `, ${r.rules} rules` : ''}`;
  return `${head}\n${targetsTable(r.targets, true)}`;
}

export function targetsTable(targets: TargetView[], numbered = false): string {
  return table(
    [...(numbered ? ['#'] : []), 'target', 'context', 'tier', 'capabilities', 'price in/out per M', 'state'],
    targets.map((t, i) => [...(numbered ? [i + 1] : []), t.id, k(t.contextWindow), t.tier ?? '-', caps(t), price(t), targetState(t)]),
  );
}

export function aliasesTable(v: ConfigView): string {
  if (v.aliases.length === 0) return 'no aliases configured';
  return table(
    ['alias', 'resolves to'],
    v.aliases.map((a) => [a.name, Array.isArray(a.to) ? a.to.join(', ') : `route ${a.to}`]),
  );
}

export function rulesTable(rules: RuleView[]): string {
  if (rules.length === 0) return 'no rules configured';
  const brief = (o: Record<string, unknown>) =>
    Object.entries(o)
      .map(([key, val]) => `${key}=${typeof val === 'object' ? JSON.stringify(val) : String(val)}`)
      .join(' ');
  return table(
    ['priority', 'rule', 'scope', 'when', 'then', 'final'],
    rules.map((r) => [r.priority, r.name, r.scope, brief(r.when) || 'always', brief(r.then), r.final ? 'yes' : '']),
  );
}
