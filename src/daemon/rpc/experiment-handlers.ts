// Handlers of `experiment.list` / `experiment.report`: the ledger file read through its own
// read-only connection, as the CLI reads it when it has the file.
import type { Config } from '../../config/schema.js';
import { experimentList, experimentReportOf, unknownExperiment } from '../../learn/experiment-view.js';
import { RpcCode, RpcError } from '../../protocol/index.js';
import { openOutcomeReader } from '../../store/outcome-reader.js';
import type { Handlers } from './dispatch.js';

type ExperimentMethod = 'experiment.list' | 'experiment.report';

export function createExperimentHandlers(db: string, config: () => Config, clock: () => number): Pick<Handlers, ExperimentMethod> {
  const withReader = <R>(fn: (reader: ReturnType<typeof openOutcomeReader>) => R): R => {
    const reader = openOutcomeReader(db);
    try {
      return fn(reader);
    } finally {
      reader.close();
    }
  };
  return {
    'experiment.list': () => withReader((r) => ({ experiments: experimentList(r, config(), clock()) })),
    'experiment.report': (p) =>
      withReader((r) => {
        const report = experimentReportOf(r, config(), p.id, clock());
        if (!report) {
          const why = unknownExperiment(p.id);
          throw new RpcError(RpcCode.NotFound, `${why.message}; ${why.hint}`);
        }
        return report;
      }),
  };
}
