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
    '<%= config.bin %> learn status --json',
  ];
  static override args = { action: Args.string({ options: ['train', 'status'], default: 'train' }) };
  static override flags = {
    data: Flags.string({ description: 'labeled outcomes (JSONL)' }),
    strong: Flags.string({ description: 'the strong model, as named in outcomes' }),
    weak: Flags.string({ description: 'the weak model, as named in outcomes' }),
    quality: Flags.string({ description: "target share of the strong model's accuracy (0..1)", default: '0.95' }),
  };

  async run(): Promise<LearnStatusDTO> {
    const { args, flags } = await this.parse(Learn);
    const quality = Number(flags.quality);
    if (args.action === 'train' && (!flags.data || !flags.strong || !flags.weak))
      throw new CliError('usage', 'router learn needs --data, --strong and --weak');
    if (!(quality > 0 && quality <= 1)) throw new CliError('usage', `--quality: expected a number in (0, 1], got ${flags.quality}`);
    const r = await this.withClient(flags, (c) => {
      if (args.action === 'status') return c.call('learn.status');
      printNote(`training on ${flags.data} in the daemon…`);
      return c.call('learn.train', { data: resolve(flags.data!), strong: flags.strong!, weak: flags.weak!, quality });
    });
    this.log(learnStatusText(r));
    return r;
  }
}
