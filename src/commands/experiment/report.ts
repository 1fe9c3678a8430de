import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { loadConfigForCli } from '../../cli/offline-plan.js';
import { reportExperiment } from '../../cli/offline-outcomes.js';
import { experimentReportText } from '../../cli/render/experiment.js';
import type { ExperimentReportDTO } from '../../protocol/index.js';

export default class ExperimentReport extends BaseCommand {
  static override summary =
    'Compare the arms of an experiment: requests, success, p50/p95 latency, cost per request, ratings, and each difference with a 95% interval.';
  static override description =
    'Reads the ledger file (no daemon needed). The first arm of the split is the control; every other arm is compared with it. ' +
    'An experiment that ended (until) or was removed from the config keeps its report.';
  static override examples = ['<%= config.bin %> experiment report cheap-b', '<%= config.bin %> experiment report cheap-b --json'];
  static override args = { id: Args.string({ description: 'experiment id (experiments.<id> in the config)', required: true }) };
  static override flags = { config: Flags.string({ char: 'c', description: "config file (default: the daemon's)" }) };

  async run(): Promise<ExperimentReportDTO> {
    const { args, flags } = await this.parse(ExperimentReport);
    const paths = this.paths(flags);
    const config = await loadConfigForCli(paths, Boolean(flags.config ?? process.env.ROUTER_CONFIG));
    const report = reportExperiment(paths.db, config, args.id, Date.now());
    this.log(experimentReportText(report));
    return report;
  }
}
