import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { secretText } from '../../cli/render/keys.js';
import type { KeySecretDTO } from '../../protocol/index.js';

export default class KeysRotate extends BaseCommand {
  static override summary = 'Give a virtual key a new secret (printed once); the old one stops working at once, limits and spend stay.';
  static override examples = ['<%= config.bin %> keys rotate alice'];
  static override args = { name: Args.string({ required: true, description: 'the key name' }) };

  async run(): Promise<KeySecretDTO> {
    const { args, flags } = await this.parse(KeysRotate);
    const r = await this.withClient(flags, (c) => c.call('keys.rotate', { name: args.name }));
    this.log(secretText(r, 'rotated'));
    return r;
  }
}
