import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { balancesText } from '../cli/render/spend.js';
import type { BalancesDTO } from '../protocol/index.js';

export default class Balance extends BaseCommand {
  static override summary = 'Account balances of per-token providers with a balance endpoint; `fetch` asks them now.';
  static override examples = ['<%= config.bin %> balance', '<%= config.bin %> balance fetch'];
  static override args = { action: Args.string({ options: ['show', 'fetch'], default: 'show' }) };

  async run(): Promise<BalancesDTO> {
    const { args, flags } = await this.parse(Balance);
    const r = await this.withClient(flags, (c) => c.call('balance.get', { fetch: args.action === 'fetch' }));
    this.log(balancesText(r));
    return r;
  }
}
