// `router experiment list | report` over the ledger's experiment rows, whoever reads them: the CLI
// from the file (no daemon needed), the daemon for `experiment.list` / `experiment.report` (remote
// contexts and the dashboard). Pure over what the source returns.
import type { Config } from '../config/schema.js';
import type { ExperimentListItem, ExperimentReportDTO } from '../protocol/learning-dto.js';
import type { ArmSample } from './experiment-report.js';
import { experimentReport } from './experiment-report.js';

/** What the ledger knows of one experiment (store/outcome-reader.ts answers it). */
export interface ExperimentSeen {
  id: string;
  requests: number;
  firstTs: number;
  lastTs: number;
  routes: string;
}

export interface ExperimentSource {
  experimentRows(id: string): ArmSample[];
  experimentsSeen(): ExperimentSeen[];
}

const iso = (ms: number | undefined | null): string | null => (ms === undefined || ms === null ? null : new Date(ms).toISOString());

function statusOf(config: Config, id: string, now: number): ExperimentListItem['status'] {
  const e = config.experiments?.[id];
  if (!e) return 'removed';
  return e.untilMs !== undefined && now >= e.untilMs ? 'ended' : 'running';
}

export function experimentList(source: ExperimentSource, config: Config, now: number): ExperimentListItem[] {
  const seen = new Map(source.experimentsSeen().map((s) => [s.id, s]));
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
}

/** undefined: neither the config nor the ledger knows the experiment. */
export function experimentReportOf(source: ExperimentSource, config: Config, id: string, now: number): ExperimentReportDTO | undefined {
  const rows = source.experimentRows(id);
  const e = config.experiments?.[id];
  if (!e && rows.length === 0) return undefined;
  // Configured arms in split order (the first is the control), then any arm only the ledger knows.
  const arms = [...new Set([...Object.keys(e?.split ?? {}), ...[...new Set(rows.map((r) => r.arm))].sort()])];
  const report = experimentReport(arms, rows);
  const seen = source.experimentsSeen().find((s) => s.id === id);
  return { id, route: e?.route ?? seen?.routes ?? null, status: statusOf(config, id, now), control: arms[0] ?? null, ...report };
}

export const unknownExperiment = (id: string) => ({
  message: `no experiment "${id}" in the config or the ledger`,
  hint: 'see router experiment list',
});
