import { BaseCommand } from '../cli/base.js';
import { aliasesTable } from '../cli/render/routes.js';
import type { ConfigView } from '../protocol/index.js';

export default class Aliases extends BaseCommand {
  static override summary = 'List aliases and what each resolves to.';

  async run(): Promise<ConfigView['aliases']> {
    const { flags } = await this.parse(Aliases);
    const view = await this.withClient(flags, (c) => c.call('config.view'));
    this.log(aliasesTable(view));
    return view.aliases;
  }
}
