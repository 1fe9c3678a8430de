import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { targetsTable } from '../cli/render/routes.js';
import type { ConfigView, TargetView } from '../protocol/index.js';

interface Resolution {
  name: string;
  kind: 'route' | 'alias' | 'target' | 'active';
  route: string | null;
  targets: TargetView[];
}

export default class Resolve extends BaseCommand {
  static override summary = 'Show what a model name (auto, a route, an alias, provider/model) resolves to.';
  static override args = { name: Args.string({ required: true, description: 'auto, a route id, an alias or provider/model' }) };

  async run(): Promise<Resolution> {
    const { args, flags } = await this.parse(Resolve);
    const view = await this.withClient(flags, (c) => c.call('config.view'));
    const r = resolveName(args.name, view);
    if (!r)
      throw new CliError('not_found', `"${args.name}" is not a route, alias or configured target`, 'see: router list, router aliases');
    this.log(`${r.name} → ${r.kind}${r.route ? ` ${r.route}` : ''}`);
    this.log(targetsTable(r.targets, true));
    return r;
  }
}

function resolveName(name: string, view: ConfigView): Resolution | null {
  const targets = new Map(view.routes.flatMap((r) => r.targets).map((t) => [t.id, t]));
  const route = (id: string | null) => view.routes.find((r) => r.id === id);
  if (name === 'auto' || name === 'router') {
    const r = route(view.activeRoute);
    return r ? { name, kind: 'active', route: r.id, targets: r.targets } : null;
  }
  const direct = route(name);
  if (direct) return { name, kind: 'route', route: direct.id, targets: direct.targets };
  const alias = view.aliases.find((a) => a.name === name);
  if (alias) {
    if (typeof alias.to === 'string') {
      const r = route(alias.to);
      return { name, kind: 'alias', route: alias.to, targets: r?.targets ?? [] };
    }
    return { name, kind: 'alias', route: null, targets: alias.to.map((id) => targets.get(id) ?? stub(id)) };
  }
  // The daemon answers 404 for a provider it does not have, whatever the catalog knows of the model.
  if (name.indexOf('/') > 0 && view.providers.includes(name.slice(0, name.indexOf('/'))))
    return { name, kind: 'target', route: null, targets: [targets.get(name) ?? stub(name)] };
  return null;
}

function stub(id: string): TargetView {
  const slash = id.indexOf('/');
  return { id, provider: id.slice(0, slash), model: id.slice(slash + 1), available: true };
}
