import { BaseCommand } from '../../cli/base.js';
import { cacheStatsText } from '../../cli/render/keys.js';
import type { CacheStatsDTO } from '../../protocol/index.js';

export default class CacheStats extends BaseCommand {
  static override summary = 'The exact response cache: entries, size, hits and misses since the daemon started, routes that cache.';
  static override examples = ['<%= config.bin %> cache stats', '<%= config.bin %> cache stats --json'];

  async run(): Promise<CacheStatsDTO> {
    const { flags } = await this.parse(CacheStats);
    const r = await this.withClient(flags, (c) => c.call('cache.stats'));
    this.log(cacheStatsText(r));
    return r;
  }
}
