import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { loadConfigForCli } from '../cli/offline-plan.js';
import { replayLedger } from '../cli/offline-outcomes.js';
import { replayText } from '../cli/render/replay.js';
import { parseSince } from '../cli/time-window.js';
import type { ReplayDTO } from '../protocol/index.js';

const WEEK_MS = 7 * 86_400_000;

export default class Replay extends BaseCommand {
  static override summary =
    'Re-plan recorded decisions under another config, with no upstream call: what would change, and what it would cost.';
  static override description =
    'Reads the facts each decision was planned from out of the ledger file (no daemon needed) and plans them again under --config ' +
    '(default: the current config file). Reports the share of decisions whose first target changes, the target mix before and after, ' +
    'the cost of the recorded tokens at catalog prices, and latency from the latencies measured in the window. Default window: 7 days.';
  static override examples = [
    '<%= config.bin %> replay --config candidate.yaml',
    '<%= config.bin %> replay --config candidate.yaml --since 24h --route coding --json',
  ];
  static override flags = {
    config: Flags.string({ char: 'c', description: 'the config to re-plan under (default: the current config file)' }),
    since: Flags.string({ description: 'from an ISO time, or a duration back (15m, 6h, 7d); default 7d' }),
    route: Flags.string({ char: 'r', description: 'only decisions recorded on this route ("(none)": direct provider/model requests)' }),
  };

  async run(): Promise<ReplayDTO> {
    const { flags } = await this.parse(Replay);
    const paths = this.paths(flags);
    const config = await loadConfigForCli(paths, Boolean(flags.config ?? process.env.ROUTER_CONFIG));
    const now = Date.now();
    const progress = (done: number, total: number) => process.stderr.write(`replayed ${done} of ${total} decisions\n`);
    const r = replayLedger(paths.db, config, {
      sinceMs: flags.since === undefined ? now - WEEK_MS : parseSince(flags.since, now),
      route: flags.route,
      configLabel: config.source ?? '(built-in demo config)',
      progress: this.jsonEnabled() && !process.stderr.isTTY ? undefined : progress,
    });
    this.log(replayText(r));
    return r;
  }
}
