import { BaseCommand } from '../cli/base.js';
import { routesTable } from '../cli/render/routes.js';
import type { RouteView } from '../protocol/index.js';

export default class List extends BaseCommand {
  static override summary = 'List routes with their targets; * marks the active one.';

  async run(): Promise<RouteView[]> {
    const { flags } = await this.parse(List);
    const view = await this.withClient(flags, (c) => c.call('config.view'));
    this.log(routesTable(view));
    return view.routes;
  }
}
