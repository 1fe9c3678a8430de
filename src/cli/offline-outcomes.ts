// `router experiment` and `router replay` read the daemon's ledger file themselves (read-only):
// a report over weeks of traffic costs the daemon nothing, and works with no daemon running.
import type { Config } from '../config/schema.js';
import { experimentReport } from '../learn/experiment-report.js';
import { ReplayTally } from '../learn/replay.js';
import type { ExperimentListItem, ExperimentReportDTO, ReplayDTO } from '../protocol/learning-dto.js';
import { openOutcomeReader } from '../store/outcome-reader.js';
import { CliError } from './errors.js';

const iso = (ms: number | undefined | null): string | null => (ms === undefined || ms === null ? null : new Date(ms).toISOString());

function statusOf(config: Config, id: string, now: number): ExperimentListItem['status'] {
  const e = config.experiments?.[id];
  if (!e) return 'removed';
  return e.untilMs !== undefined && now >= e.untilMs ? 'ended' : 'running';
}

export function listExperiments(db: string, config: Config, now: number): ExperimentListItem[] {
  const reader = openOutcomeReader(db);
  try {
    const seen = new Map(reader.experimentsSeen().map((s) => [s.id, s]));
    const ids = [...new Set([...Object.keys(config.experiments ?? {}), ...seen.keys()])].sort();
    return ids.map((id) => {
      const e = config.experiments?.[id];
      const s = seen.get(id);
      return {
        id,
        route: e?.route ?? s?.routes ?? null,
        status: statusOf(config, id, now),
        split: e ? e.split : null,
        until: e?.until ?? null,
        requests: s?.requests ?? 0,
        first: iso(s?.firstTs),
        last: iso(s?.lastTs),
      };
    });
  } finally {
    reader.close();
  }
}

export function reportExperiment(db: string, config: Config, id: string, now: number): ExperimentReportDTO {
  const reader = openOutcomeReader(db);
  try {
    const rows = reader.experimentRows(id);
    const e = config.experiments?.[id];
    if (!e && rows.length === 0)
      throw new CliError('not_found', `no experiment "${id}" in the config or the ledger`, 'see router experiment list');
    // Configured arms in split order (the first is the control), then any arm only the ledger knows.
    const arms = [...new Set([...Object.keys(e?.split ?? {}), ...[...new Set(rows.map((r) => r.arm))].sort()])];
    const report = experimentReport(arms, rows);
    const seen = reader.experimentsSeen().find((s) => s.id === id);
    return { id, route: e?.route ?? seen?.routes ?? null, status: statusOf(config, id, now), control: arms[0] ?? null, ...report };
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
