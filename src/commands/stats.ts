import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { statsFromLedger } from '../cli/offline-stats.js';
import { statsText } from '../cli/render/stats.js';
import { localOffsetMinutes, parseSince } from '../cli/time-window.js';
import type { StatsDTO } from '../protocol/index.js';

const others = (flag: string) => ['hours', 'days', 'since'].filter((f) => f !== flag);

export default class Stats extends BaseCommand {
  static override summary =
    'Ledger report: requests, success and failover, latency and TTFT p50/p95, tokens, cost; drift, distributions, heatmap.';
  static override description =
    'Reads the hourly rollups in the ledger file (no daemon needed), so a month over millions of requests answers at once. ' +
    'Default window: 7 days. Percentiles are read from 12%-wide histogram buckets. --json for cron reports.';
  static override examples = [
    '<%= config.bin %> stats',
    '<%= config.bin %> stats --hours 6 --by provider',
    '<%= config.bin %> stats --days 30 --heatmap',
    '<%= config.bin %> stats --since 2025-03-01 --route main --json',
  ];
  static override flags = {
    hours: Flags.integer({ description: 'the last N hours', min: 1, exclusive: others('hours') }),
    days: Flags.integer({ description: 'the last N days (default 7)', min: 1, exclusive: others('days') }),
    since: Flags.string({ description: 'from an ISO time, or a duration back (15m, 6h, 7d)', exclusive: others('since') }),
    route: Flags.string({ char: 'r', description: 'only this route ("(none)": direct provider/model requests)' }),
    by: Flags.string({ options: ['day', 'provider', 'model', 'route', 'key'], default: 'model', description: 'group rows by' }),
    heatmap: Flags.boolean({ description: 'add the weekday x hour heatmap' }),
    metric: Flags.string({ options: ['requests', 'cost'], default: 'requests', description: 'what the heatmap counts' }),
  };

  async run(): Promise<StatsDTO> {
    const { flags } = await this.parse(Stats);
    const now = Date.now();
    const params = {
      fromMs: flags.since === undefined ? undefined : parseSince(flags.since, now),
      hours: flags.hours,
      days: flags.days,
      route: flags.route,
      by: flags.by as StatsDTO['by'],
      heatmap: flags.heatmap ? (flags.metric as 'requests' | 'cost') : undefined,
      tzOffsetMinutes: localOffsetMinutes(now),
    };
    // A remote context's ledger is on its machine: ask its daemon; here, read the file.
    const r = this.remote(flags)
      ? await this.withClient(flags, (c) => c.call('stats.query', params))
      : statsFromLedger(this.paths(flags).db, params, now);
    this.log(statsText(r));
    return r;
  }
}
