import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import type { RatingDTO } from '../protocol/index.js';

export default class Rate extends BaseCommand {
  static override summary =
    'Rate a routing decision good or bad (the latest by default); rules can use it with `when: { ratingBelow: 0.6 }`.';
  static override examples = ['<%= config.bin %> rate good', '<%= config.bin %> rate bad wrong language --decision d-mwr65pup-3fa9c1-12'];
  static override strict = false;
  static override args = {
    rating: Args.string({ options: ['good', 'bad'], required: true }),
    comment: Args.string({ description: 'why (the rest of the line)' }),
  };
  static override flags = { decision: Flags.string({ char: 'd', description: 'decision id (x-router-decision); default: the latest' }) };

  async run(): Promise<RatingDTO> {
    const { args, argv, flags } = await this.parse(Rate);
    const comment = (argv as string[]).slice(1).join(' ') || undefined;
    const r = await this.withClient(flags, (c) =>
      c.call('rating.set', { rating: args.rating as 'good' | 'bad', comment, decisionId: flags.decision }),
    );
    const t = r.targetRating;
    this.log(
      `rated ${r.decisionId} ${r.rating}${r.target ? `; ${r.target} now ${t?.good ?? 0} good, ${t?.bad ?? 0} bad (${Math.round((t?.score ?? 0) * 100)}%)` : ''}`,
    );
    return r;
  }
}
