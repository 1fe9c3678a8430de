import { BaseCommand } from '../cli/base.js';
import { rulesTable } from '../cli/render/routes.js';
import type { RuleView } from '../protocol/index.js';

export default class Rules extends BaseCommand {
  static override summary = 'List routing rules in the order they are evaluated (priority, then file order).';

  async run(): Promise<RuleView[]> {
    const { flags } = await this.parse(Rules);
    const view = await this.withClient(flags, (c) => c.call('config.view'));
    this.log(rulesTable(view.rules));
    return view.rules;
  }
}
