// `router experiment` and `router replay` read the daemon's ledger file themselves (read-only):
// a report over weeks of traffic costs the daemon nothing, and works with no daemon running.
import type { Config } from '../config/schema.js';
import { experimentList, experimentReportOf, unknownExperiment } from '../learn/experiment-view.js';
import { ReplayTally } from '../learn/replay.js';
import type { ExperimentListItem, ExperimentReportDTO, ReplayDTO } from '../protocol/learning-dto.js';
import { openOutcomeReader } from '../store/outcome-reader.js';
import { CliError } from './errors.js';

export function listExperiments(db: string, config: Config, now: number): ExperimentListItem[] {
  const reader = openOutcomeReader(db);
  try {
    return experimentList(reader, config, now);
  } finally {
    reader.close();
  }
}

export function reportExperiment(db: string, config: Config, id: string, now: number): ExperimentReportDTO {
  const reader = openOutcomeReader(db);
  try {
    const report = experimentReportOf(reader, config, id, now);
    if (!report) {
      const why = unknownExperiment(id);
      throw new CliError('not_found', why.message, why.hint);
    }
    return report;
  } finally {
    reader.close();
  }
}

export interface ReplayOptions {
  sinceMs: number;
  route?: string;
  configLabel: string;
  /** Called every `every` decisions with (done, total). */
  progress?: (done: number, total: number) => void;
  every?: number;
}

export function replayLedger(db: string, config: Config, o: ReplayOptions): ReplayDTO {
  const reader = openOutcomeReader(db);
  try {
    const total = o.progress ? reader.replayCount(o.sinceMs, o.route) : 0;
    const tally = new ReplayTally(config, reader.measuredLatency(o.sinceMs), reader.learnedModel());
    const every = o.every ?? 10_000;
    let done = 0;
    for (const row of reader.replayRows(o.sinceMs, o.route)) {
      tally.add(row);
      done += 1;
      if (o.progress && done % every === 0) o.progress(done, total);
    }
    return tally.result({ config: o.configLabel, since: new Date(o.sinceMs).toISOString(), route: o.route ?? null });
  } finally {
    reader.close();
  }
}
