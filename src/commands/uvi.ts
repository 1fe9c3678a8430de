import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { uviText } from '../cli/render/spend.js';
import type { UviDTO } from '../protocol/index.js';

export default class Uvi extends BaseCommand {
  static override summary = 'Quota pacing (UVI): show each window, enable or disable pacing, refresh quotas now, hard mode on|off.';
  static override description =
    'UVI = used fraction / max(elapsed fraction, 0.05) per quota window; the worst window decides. ' +
    '>= 2.0 critical: blocked; >= 1.5 stressed: demoted (excluded in hard mode); <= 0.5 with >= 70% elapsed: surplus, promoted.';
  static override examples = [
    '<%= config.bin %> uvi',
    '<%= config.bin %> uvi enable',
    '<%= config.bin %> uvi hard on',
    '<%= config.bin %> uvi refresh',
  ];
  static override args = {
    action: Args.string({ options: ['show', 'enable', 'disable', 'refresh', 'hard'], default: 'show' }),
    value: Args.string({ options: ['on', 'off'], description: 'with hard: on or off' }),
  };

  async run(): Promise<UviDTO> {
    const { args, flags } = await this.parse(Uvi);
    if (args.action === 'hard' && !args.value) throw new CliError('usage', 'uvi hard needs on or off');
    const r = await this.withClient(flags, (c) => {
      switch (args.action) {
        case 'enable':
        case 'disable':
          return c.call('uvi.set', { enabled: args.action === 'enable' });
        case 'hard':
          return c.call('uvi.set', { hard: args.value === 'on' });
        case 'refresh':
          return c.call('uvi.refresh');
        default:
          return c.call('uvi.get');
      }
    });
    this.log(uviText(r));
    return r;
  }
}
