import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { routeDetail } from '../cli/render/routes.js';
import type { RouteView } from '../protocol/index.js';

export default class Show extends BaseCommand {
  static override summary = 'Show one route: its targets in order, their capabilities, prices and health.';
  static override args = { route: Args.string({ description: 'route id (default: the active route)' }) };

  async run(): Promise<RouteView> {
    const { args, flags } = await this.parse(Show);
    const view = await this.withClient(flags, (c) => c.call('config.view'));
    const id = args.route ?? view.activeRoute;
    const route = view.routes.find((r) => r.id === id);
    if (!route) throw new CliError('not_found', `no route "${id}"`, `routes: ${view.routes.map((r) => r.id).join(', ')}`);
    this.log(routeDetail(route));
    return route;
  }
}
