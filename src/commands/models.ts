import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { targetsTable } from '../cli/render/routes.js';
import { builtinCatalog } from '../config/catalog.js';
import type { TargetView } from '../protocol/index.js';

export default class Models extends BaseCommand {
  static override summary =
    'Models the router can send to: every configured target with its catalog facts (--all adds the built-in catalog).';
  static override flags = { all: Flags.boolean({ description: 'also list every model of the built-in catalog' }) };

  async run(): Promise<TargetView[]> {
    const { flags } = await this.parse(Models);
    const view = await this.withClient(flags, (c) => c.call('config.view'));
    const seen = new Map<string, TargetView>();
    for (const t of view.routes.flatMap((r) => r.targets)) seen.set(t.id, t);
    if (flags.all) {
      for (const [id, m] of Object.entries(builtinCatalog)) {
        if (seen.has(id)) continue;
        const slash = id.indexOf('/');
        seen.set(id, { id, provider: id.slice(0, slash), model: id.slice(slash + 1), available: true, ...m, why: 'catalog only' });
      }
    }
    const models = [...seen.values()];
    this.log(targetsTable(models));
    return models;
  }
}
