import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { budgetsText } from '../cli/render/spend.js';
import type { BudgetsDTO } from '../protocol/index.js';

export default class Budget extends BaseCommand {
  static override summary = 'Show budgets and spend per provider, or set/clear a daily (or --monthly) USD budget at run time.';
  static override description =
    'A request that would take a provider past its budget goes to the next candidate (>= 80% is a warning in the trace and status). ' +
    'A budget set here persists across restarts and beats the config; `clear` removes the budget for that period.';
  static override examples = [
    '<%= config.bin %> budget',
    '<%= config.bin %> budget set openai 5',
    '<%= config.bin %> budget set anthropic 100 --monthly',
    '<%= config.bin %> budget clear openai',
  ];
  static override args = {
    action: Args.string({ options: ['show', 'set', 'clear'], default: 'show' }),
    provider: Args.string({ description: 'provider id (set, clear)' }),
    usd: Args.string({ description: 'budget in USD (set)' }),
  };
  static override flags = {
    monthly: Flags.boolean({ description: 'the monthly budget instead of the daily one' }),
  };

  async run(): Promise<BudgetsDTO> {
    const { args, flags } = await this.parse(Budget);
    if (args.action !== 'show' && !args.provider) throw new CliError('usage', `budget ${args.action} needs a provider`);
    const amount = args.action === 'set' ? parseUsd(args.usd) : undefined;
    const r = await this.withClient(flags, (c) => {
      if (args.action === 'set') return c.call('budget.set', { provider: args.provider!, usd: amount!, monthly: flags.monthly });
      if (args.action === 'clear') return c.call('budget.clear', { provider: args.provider!, monthly: flags.monthly });
      return c.call('budget.get');
    });
    if (args.action !== 'show')
      this.logToStderr(
        `${flags.monthly ? 'monthly' : 'daily'} budget of ${args.provider} ${args.action === 'set' ? `set to $${amount}` : 'cleared'}`,
      );
    this.log(budgetsText(r));
    return r;
  }
}

function parseUsd(text: string | undefined): number {
  const n = Number((text ?? '').replace(/^\$/, ''));
  if (text === undefined || text.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new CliError('usage', `budget set needs an amount in USD, e.g. 5 or 0.50 (got ${text ?? 'nothing'})`);
  return n;
}
