import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { table } from '../cli/render/table.js';
import { plural } from '../cli/render/words.js';
import type { CircuitDTO, CooldownDTO } from '../protocol/index.js';

type Result = { circuits: CircuitDTO[]; cooldowns: CooldownDTO[] } | { reset: true; provider: string | null };

export default class Circuit extends BaseCommand {
  static override summary = 'Show circuit breakers and cooldowns, or reset them (all, or one provider).';
  static override examples = ['<%= config.bin %> circuit', '<%= config.bin %> circuit reset openai'];
  static override args = {
    action: Args.string({ options: ['show', 'reset'], default: 'show' }),
    provider: Args.string({ description: 'with reset: only this provider' }),
  };

  async run(): Promise<Result> {
    const { args, flags } = await this.parse(Circuit);
    if (args.action === 'reset') {
      const r = await this.withClient(flags, (c) => c.call('circuit.reset', { provider: args.provider }));
      this.log(`circuits and cooldowns reset for ${r.provider ?? 'every provider'}`);
      return r;
    }
    const r = await this.withClient(flags, (c) => c.call('circuit.list'));
    const rows = [
      ...r.circuits
        .filter((b) => b.state !== 'closed' || b.recentFailures > 0)
        .map((b) => [
          b.target,
          `circuit ${b.state}`,
          `${plural(b.recentFailures, 'recent failure')}${b.openUntil ? `, open until ${b.openUntil}` : ''}`,
        ]),
      ...r.cooldowns.map((cd) => [cd.key, `cooling down (${cd.reason})`, `until ${cd.until}`]),
    ];
    this.log(rows.length ? table(['target', 'state', 'detail'], rows) : 'all circuits closed, nothing cooling down');
    return r;
  }
}
