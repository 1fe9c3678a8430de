import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { keysText } from '../../cli/render/keys.js';
import type { KeyDTO } from '../../protocol/index.js';

export default class KeysShow extends BaseCommand {
  static override summary = 'Show one virtual key: masked secret, status, limits, and spend in its budget period.';
  static override examples = ['<%= config.bin %> keys show alice'];
  static override args = { name: Args.string({ required: true, description: 'the key name' }) };

  async run(): Promise<KeyDTO> {
    const { args, flags } = await this.parse(KeysShow);
    const r = await this.withClient(flags, (c) => c.call('keys.show', { name: args.name }));
    this.log(keysText([r]));
    return r;
  }
}
