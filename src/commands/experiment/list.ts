import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { loadConfigForCli } from '../../cli/offline-plan.js';
import { listExperiments } from '../../cli/offline-outcomes.js';
import { experimentListText } from '../../cli/render/experiment.js';
import type { ExperimentListItem } from '../../protocol/index.js';

export default class ExperimentList extends BaseCommand {
  static override summary = 'A/B experiments: those in the config and those the ledger has requests of (ended or removed ones too).';
  static override examples = ['<%= config.bin %> experiment list', '<%= config.bin %> experiment list --json'];
  static override flags = { config: Flags.string({ char: 'c', description: "config file (default: the daemon's)" }) };

  async run(): Promise<{ experiments: ExperimentListItem[] }> {
    const { flags } = await this.parse(ExperimentList);
    const paths = this.paths(flags);
    const config = await loadConfigForCli(paths, Boolean(flags.config ?? process.env.ROUTER_CONFIG));
    const experiments = listExperiments(paths.db, config, Date.now());
    this.log(experimentListText(experiments));
    return { experiments };
  }
}
