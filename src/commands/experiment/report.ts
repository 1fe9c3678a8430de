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
    "Reads the ledger file (no daemon needed); with a remote context (--context, or the context in use) asks that context's daemon. The first arm of the split is the control; every other arm is compared with it. " +
    'An experiment that ended (until) or was removed from the config keeps its report.';
  static override examples = [
    '<%= config.bin %> experiment report cheap-b',
    '<%= config.bin %> experiment report cheap-b --json',
    '<%= config.bin %> experiment report cheap-b --context prod',
  ];
  static override args = { id: Args.string({ description: 'experiment id (experiments.<id> in the config)', required: true }) };
  static override flags = {
    config: Flags.string({ char: 'c', description: "config file (default: the daemon's; a remote daemon uses its own)" }),
  };

  async run(): Promise<ExperimentReportDTO> {
    const { args, flags } = await this.parse(ExperimentReport);
    const report = this.remote(flags)
      ? await this.withClient(flags, (c) => c.call('experiment.report', { id: args.id }))
      : await this.fromFile(flags, args.id);
    this.log(experimentReportText(report));
    return report;
  }

  private async fromFile(flags: { config?: string; socket?: string; context?: string }, id: string): Promise<ExperimentReportDTO> {
    const paths = this.paths(flags);
    const config = await loadConfigForCli(paths, Boolean(flags.config ?? process.env.ROUTER_CONFIG));
    return reportExperiment(paths.db, config, id, Date.now());
  }
}
