import { BaseCommand } from '../../cli/base.js';
import { keysText } from '../../cli/render/keys.js';
import type { KeyDTO } from '../../protocol/index.js';

export default class KeysList extends BaseCommand {
  static override summary = 'List virtual keys (secrets masked as sk-…abcd), their limits and what each spent in its budget period.';
  static override examples = ['<%= config.bin %> keys list', '<%= config.bin %> keys list --json'];

  async run(): Promise<{ keys: KeyDTO[] }> {
    const { flags } = await this.parse(KeysList);
    const r = await this.withClient(flags, (c) => c.call('keys.list'));
    this.log(keysText(r.keys));
    return r;
  }
}
