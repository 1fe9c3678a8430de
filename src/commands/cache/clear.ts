import { BaseCommand } from '../../cli/base.js';

export default class CacheClear extends BaseCommand {
  static override summary = 'Empty the exact response cache (the next request of each kind goes to a provider again).';
  static override examples = ['<%= config.bin %> cache clear'];

  async run(): Promise<{ cleared: number }> {
    const { flags } = await this.parse(CacheClear);
    const r = await this.withClient(flags, (c) => c.call('cache.clear'));
    this.log(`cache cleared: ${r.cleared} entr${r.cleared === 1 ? 'y' : 'ies'} removed`);
    return r;
  }
}
