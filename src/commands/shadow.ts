import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import type { FlagsDTO } from '../protocol/index.js';

export default class Shadow extends BaseCommand {
  static override summary = 'Shadow mode: compute the adaptive plan but route in config order, recording both for comparison.';
  static override args = { action: Args.string({ options: ['show', 'enable', 'disable'], default: 'show' }) };

  async run(): Promise<FlagsDTO> {
    const { args, flags } = await this.parse(Shadow);
    const r = await this.withClient(flags, async (c) => {
      if (args.action === 'show') {
        const s = await c.call('status');
        return { shadow: s.shadow, uvi: s.uvi };
      }
      return c.call('flags.set', { shadow: args.action === 'enable' });
    });
    this.log(`shadow mode ${r.shadow ? 'on' : 'off'}`);
    return r;
  }
}
