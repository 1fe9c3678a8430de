import { BaseCommand } from '../../cli/base.js';
import { statusBlock } from '../../cli/render/status.js';
import type { StatusDTO } from '../../protocol/index.js';

export default class DaemonStatus extends BaseCommand {
  static override summary = 'Show the daemon: pid, uptime, version, config, listen address, socket, routes, last config error.';

  async run(): Promise<StatusDTO> {
    const { flags } = await this.parse(DaemonStatus);
    const status = await this.withClient(flags, (c) => c.call('status'));
    this.log(statusBlock(status));
    return status;
  }
}
