// The methods of A/B experiments, spread into the one method table (methods.ts): the same reports
// `router experiment` reads from the ledger file, answered by the daemon for remote contexts and the dashboard.
import { z } from 'zod';
import type { ExperimentListItem, ExperimentReportDTO } from './learning-dto.js';

// The table's own helper, repeated here: importing it from methods.ts would make a cycle.
const spec =
  <R>() =>
  <P extends z.ZodType>(params: P): { params: P; result?: R } => ({ params });

export const experimentMethods = {
  /** Experiments in the daemon's config and those its ledger has requests of (ended or removed ones too). */
  'experiment.list': spec<{ experiments: ExperimentListItem[] }>()(z.strictObject({}).default({})),
  /** Per arm requests, success, latency, cost and ratings, each difference with its 95% interval; NotFound when unknown. */
  'experiment.report': spec<ExperimentReportDTO>()(z.strictObject({ id: z.string().min(1).max(200) })),
};
