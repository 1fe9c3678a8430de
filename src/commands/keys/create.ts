import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { CliError } from '../../cli/errors.js';
import { secretText } from '../../cli/render/keys.js';
import type { KeySecretDTO } from '../../protocol/index.js';

export default class KeysCreate extends BaseCommand {
  static override summary = 'Create a virtual key; its secret is printed once (`key` in --json) and never again.';
  static override description =
    'Limits are optional: a daily (or --monthly) USD budget (402 past it), requests and tokens per minute (429 with retry-after), ' +
    'and the routes it may use (403 for others). The router stores only a hash of the secret.';
  static override examples = [
    '<%= config.bin %> keys create alice --budget 5 --rpm 60',
    '<%= config.bin %> keys create ci --budget 100 --monthly --routes main,cheap --json',
  ];
  static override args = { name: Args.string({ required: true, description: 'a name for the key (letters, digits, _ . @ -)' }) };
  static override flags = {
    budget: Flags.string({ description: 'USD per day (or per month with --monthly)' }),
    monthly: Flags.boolean({ description: 'the budget is per UTC month instead of per day' }),
    rpm: Flags.integer({ description: 'requests per minute', min: 1 }),
    tpm: Flags.integer({ description: 'tokens per minute', min: 1 }),
    routes: Flags.string({ description: 'comma-separated routes the key may use (default: all)' }),
  };

  async run(): Promise<KeySecretDTO> {
    const { args, flags } = await this.parse(KeysCreate);
    const budgetUsd = flags.budget === undefined ? undefined : this.parseUsd(flags.budget);
    const routes = flags.routes
      ?.split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const r = await this.withClient(flags, (c) =>
      c.call('keys.create', { name: args.name, budgetUsd, monthly: flags.monthly, rpm: flags.rpm, tpm: flags.tpm, routes }),
    );
    this.log(secretText(r, 'created'));
    return r;
  }

  private parseUsd(text: string): number {
    const n = Number(text.replace(/^\$/, ''));
    if (text.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new CliError('usage', `--budget needs an amount in USD, e.g. 5 or 0.50 (got ${text})`);
    return n;
  }
}
