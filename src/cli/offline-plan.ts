// `router route --dry-run` with no daemon: the same plan() over the config file and the state the
// daemon last persisted in the ledger file (opened read-only), so a CI job needs no running daemon.
import { existsSync } from 'node:fs';
import { demoConfig, formatProblem, loadConfigFile } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { RouterPaths } from '../config/paths.js';
import { plan, type PlanErr, type PlanOk } from '../engine/plan.js';
import { initialState, type RequestFacts, type RouterState } from '../engine/types.js';
import { openStoreReadOnly } from '../store/readonly.js';
import { ROUTER_STATE_KEY } from '../store/types.js';
import { CliError } from './errors.js';

export async function loadConfigForCli(paths: RouterPaths, explicit: boolean): Promise<Config> {
  if (!explicit && !existsSync(paths.config)) return demoConfig();
  const r = await loadConfigFile(paths.config);
  if (!r.ok) throw new CliError('config_invalid', `config refused:\n${r.problems.map(formatProblem).join('\n')}`);
  return r.config;
}

export function persistedState(db: string): RouterState {
  const store = openStoreReadOnly(db);
  try {
    return { ...initialState(), ...store.state.get<RouterState>(ROUTER_STATE_KEY) };
  } finally {
    store.close();
  }
}

export function planOffline(facts: RequestFacts, config: Config, state: RouterState, now: number): PlanOk | PlanErr {
  return plan(facts, state, config, now, `dry-${now.toString(36)}`, { analyze: true });
}
