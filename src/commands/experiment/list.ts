import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { loadConfigForCli } from '../../cli/offline-plan.js';
import { listExperiments } from '../../cli/offline-outcomes.js';
import { experimentListText } from '../../cli/render/experiment.js';
import type { ExperimentListItem } from '../../protocol/index.js';

export default class ExperimentList extends BaseCommand {
  static override summary = 'A/B experiments: those in the config and those the ledger has requests of (ended or removed ones too).';
  static override examples = ['<%= config.bin %> experiment list', '<%= config.bin %> experiment list --json'];
  static override description =
    "Reads the ledger file (no daemon needed); with a remote context (--context, or the context in use) asks that context's daemon.";
  static override flags = {
    config: Flags.string({ char: 'c', description: "config file (default: the daemon's; a remote daemon uses its own)" }),
  };

  async run(): Promise<{ experiments: ExperimentListItem[] }> {
    const { flags } = await this.parse(ExperimentList);
    // A remote context's ledger is on its machine: ask its daemon; here, read the file.
    const experiments = this.remote(flags)
      ? (await this.withClient(flags, (c) => c.call('experiment.list', {}))).experiments
      : await this.fromFile(flags);
    this.log(experimentListText(experiments));
    return { experiments };
  }

  private async fromFile(flags: { config?: string; socket?: string; context?: string }): Promise<ExperimentListItem[]> {
    const paths = this.paths(flags);
    const config = await loadConfigForCli(paths, Boolean(flags.config ?? process.env.ROUTER_CONFIG));
    return listExperiments(paths.db, config, Date.now());
  }
}
