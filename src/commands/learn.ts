import { Args, Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { learnStatusText } from '../cli/render/eval.js';
import { printNote } from '../cli/render/output.js';
import type { LearnStatusDTO } from '../protocol/index.js';

export default class Learn extends BaseCommand {
  static override summary =
    'Fit the learned difficulty model on labeled outcomes and store it in router.db; `learn status` shows the one in use.';
  static override description =
    'DATA: the JSONL of `router eval`. The daemon fits the model (a few seconds on ~15k items), keeps every version in router.db and ' +
    "uses the newest for the planner's difficulty: hard at or above the threshold that reached --quality on a held-out fifth.";
  static override examples = [
    '<%= config.bin %> learn --data mmlu.jsonl --strong openai/gpt-4-1106-preview --weak together/mixtral-8x7b-instruct',
    '<%= config.bin %> learn --from-ledger --since 2026-01-01 --strong openai/gpt-4o --weak openai/gpt-4o-mini',
    '<%= config.bin %> learn status --json',
  ];
  static override args = { action: Args.string({ options: ['train', 'status'], default: 'train' }) };
  static override flags = {
    data: Flags.string({ description: 'labeled outcomes (JSONL)', exclusive: ['from-ledger'] }),
    'from-ledger': Flags.boolean({
      description: 'learn from recorded traffic: captured prompts (ledger.capturePrompts) labelled by ratings, escalations, failures',
    }),
    since: Flags.string({ description: 'with --from-ledger: only requests at or after this ISO time' }),
    strong: Flags.string({ description: 'the strong model, as named in outcomes' }),
    weak: Flags.string({ description: 'the weak model, as named in outcomes' }),
    quality: Flags.string({ description: "target share of the strong model's accuracy (0..1)", default: '0.95' }),
  };

  async run(): Promise<LearnStatusDTO> {
    const { args, flags } = await this.parse(Learn);
    const quality = Number(flags.quality);
    const fromLedger = flags['from-ledger'];
    if (args.action === 'train' && ((!flags.data && !fromLedger) || !flags.strong || !flags.weak))
      throw new CliError('usage', 'router learn needs --data FILE or --from-ledger, and --strong and --weak');
    if (!(quality > 0 && quality <= 1)) throw new CliError('usage', `--quality: expected a number in (0, 1], got ${flags.quality}`);
    if (flags.since !== undefined && !fromLedger) throw new CliError('usage', '--since goes with --from-ledger');
    const since = flags.since === undefined ? undefined : Date.parse(flags.since);
    if (since !== undefined && !Number.isFinite(since)) throw new CliError('usage', `--since: expected an ISO time, got ${flags.since}`);
    const r = await this.withClient(flags, (c) => {
      if (args.action === 'status') return c.call('learn.status');
      if (fromLedger) {
        printNote('training on the ledger in the daemon…');
        return c.call('learn.fromLedger', { strong: flags.strong!, weak: flags.weak!, quality, ...(since === undefined ? {} : { since }) });
      }
      printNote(`training on ${flags.data} in the daemon…`);
      return c.call('learn.train', { data: resolve(flags.data!), strong: flags.strong!, weak: flags.weak!, quality });
    });
    this.log(learnStatusText(r));
    return r;
  }
}
