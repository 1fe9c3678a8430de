import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';

export default class Switch extends BaseCommand {
  static override summary = 'Make `model: auto` mean another route, alias or provider/model (persists across restarts).';
  static override examples = ['<%= config.bin %> switch fast', '<%= config.bin %> switch openai/gpt-4o'];
  static override args = { target: Args.string({ required: true, description: 'route id, alias or provider/model' }) };

  async run(): Promise<{ active: string; kind: string }> {
    const { args, flags } = await this.parse(Switch);
    const r = await this.withClient(flags, (c) => c.call('route.switch', { target: args.target }));
    this.log(`auto now means ${r.kind} ${r.active}`);
    return r;
  }
}
