import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { editRouteTargets, routeTargets } from '../cli/config-edit.js';
import { CliError } from '../cli/errors.js';
import { loadConfigForCli } from '../cli/offline-plan.js';
import { DaemonClient } from '../cli/client.js';
import { configFileInUse } from '../cli/daemon-config.js';

interface PriorityResult {
  route: string;
  targets: string[];
  reloaded: boolean | null;
}

export default class Priority extends BaseCommand {
  static override summary = "List or change a route's target order in config.yaml (comments kept), then hot-reload.";
  static override examples = [
    '<%= config.bin %> priority list',
    '<%= config.bin %> priority set openai/gpt-4o --position 1',
    '<%= config.bin %> priority remove sim-b/echo --route demo',
  ];
  static override args = {
    action: Args.string({ options: ['list', 'set', 'remove'], default: 'list' }),
    target: Args.string({ description: 'provider/model (for set and remove)' }),
  };
  static override flags = {
    route: Flags.string({ char: 'r', description: 'route to edit (default: the default route)' }),
    position: Flags.integer({ description: 'with set: 1-based position to insert at', min: 1 }),
    config: Flags.string({ char: 'c', description: 'config file (default: the one the running daemon uses)' }),
  };

  async run(): Promise<PriorityResult> {
    const { args, flags } = await this.parse(Priority);
    const usual = this.paths(flags);
    const paths = { ...usual, config: await configFileInUse(usual, flags.config) };
    const route = flags.route ?? (await loadConfigForCli(paths, true)).defaultRoute;
    if (!route) throw new CliError('not_found', 'the config has no routes');
    if (args.action === 'list') {
      const targets = await routeTargets(paths.config, route);
      targets.forEach((t, i) => this.log(`${i + 1}. ${t}`));
      return { route, targets, reloaded: null };
    }
    if (!args.target) throw new CliError('usage', `priority ${args.action} needs a target (provider/model)`);
    if (args.action === 'set' && flags.position === undefined) throw new CliError('usage', 'priority set needs --position N');
    const edit =
      args.action === 'set'
        ? { kind: 'set' as const, target: args.target, position: flags.position! }
        : { kind: 'remove' as const, target: args.target };
    const targets = await editRouteTargets(paths.config, route, edit);
    const reloaded = await reloadIfRunning(paths.socket);
    targets.forEach((t, i) => this.log(`${i + 1}. ${t}`));
    this.logToStderr(reloaded === null ? `saved ${paths.config} (no daemon running)` : `saved ${paths.config}; daemon reloaded`);
    return { route, targets, reloaded };
  }
}

async function reloadIfRunning(socket: string): Promise<boolean | null> {
  const client = await DaemonClient.connect(socket).catch(() => null);
  if (!client) return null;
  try {
    const r = await client.call('config.reload');
    if (!r.ok) throw new CliError('config_invalid', `the daemon refused the edited config: ${r.problems.join('; ')}`);
    return true;
  } finally {
    client.close();
  }
}
