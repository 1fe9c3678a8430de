import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { keysText } from '../../cli/render/keys.js';
import type { KeyDTO } from '../../protocol/index.js';

export default class KeysRevoke extends BaseCommand {
  static override summary = 'Revoke a virtual key: it is refused (401) at once; it stays listed with its spend.';
  static override examples = ['<%= config.bin %> keys revoke alice'];
  static override args = { name: Args.string({ required: true, description: 'the key name' }) };

  async run(): Promise<KeyDTO> {
    const { args, flags } = await this.parse(KeysRevoke);
    const r = await this.withClient(flags, (c) => c.call('keys.revoke', { name: args.name }));
    this.log(keysText([r]));
    return r;
  }
}
