import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { evalText } from '../cli/render/eval.js';
import { printNote } from '../cli/render/output.js';
import { checkModels, DataError, readItems } from '../learn/dataset.js';
import type { EvalReport } from '../learn/evaluate.js';
import { evaluate } from '../learn/evaluate.js';

export default class Eval extends BaseCommand {
  static override summary =
    'Measure routing quality: strong share, APGR and cost at a quality target for the learned router and the baselines.';
  static override description =
    'DATA: JSONL, one {"id","prompt","outcomes":{"provider/model":0..1},"costs"?:{"provider/model":usd}} a line. ' +
    "Routers: learned (trained out of sample: --folds K, or on --train FILE), heuristic (today's difficulty signal), length, random (10 seeds), oracle. " +
    'strongShare is the smallest share of strong calls reaching quality × the strong accuracy. No daemon needed.';
  static override examples = [
    '<%= config.bin %> eval --data mmlu.jsonl --folds 5 --strong openai/gpt-4-1106-preview --weak together/mixtral-8x7b-instruct',
    '<%= config.bin %> eval --data test.jsonl --train train.jsonl --strong p/strong --weak p/weak --quality 0.9 --json',
  ];
  static override flags = {
    data: Flags.string({ description: 'items to score (JSONL)', required: true }),
    train: Flags.string({ description: 'train the learned router on this file instead of folds', exclusive: ['folds'] }),
    folds: Flags.integer({ description: 'K-fold cross-validation for the learned router (default 5)', min: 2, max: 50 }),
    strong: Flags.string({ description: 'the strong model, as named in outcomes (provider/model)', required: true }),
    weak: Flags.string({ description: 'the weak model, as named in outcomes (provider/model)', required: true }),
    quality: Flags.string({ description: "target share of the strong model's accuracy (0..1)", default: '0.95' }),
  };

  async run(): Promise<EvalReport> {
    const { flags } = await this.parse(Eval);
    const quality = Number(flags.quality);
    if (!(quality > 0 && quality <= 1)) throw new CliError('usage', `--quality: expected a number in (0, 1], got ${flags.quality}`);
    try {
      const items = readItems(flags.data);
      checkModels(items, flags.data, [flags.strong, flags.weak]);
      const trainItems = flags.train === undefined ? undefined : readItems(flags.train);
      if (trainItems && flags.train) checkModels(trainItems, flags.train, [flags.strong, flags.weak]);
      const report = evaluate(items, {
        strong: flags.strong,
        weak: flags.weak,
        quality,
        trainItems,
        folds: flags.folds ?? 5,
        randomSeeds: 10,
        progress: printNote,
      });
      if (!this.jsonEnabled()) this.log(evalText(report));
      return report;
    } catch (err) {
      if (err instanceof DataError) throw new CliError(err.code, err.message);
      throw err;
    }
  }
}
