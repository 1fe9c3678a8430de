import { BaseCommand } from '../cli/base.js';
import { statusLine } from '../cli/render/status.js';
import type { StatusDTO } from '../protocol/index.js';

export default class Status extends BaseCommand {
  static override summary = 'One line: active route, current target, health, warnings, UVI, shadow, circuits.';

  async run(): Promise<StatusDTO> {
    const { flags } = await this.parse(Status);
    const status = await this.withClient(flags, (c) => c.call('status'));
    this.log(statusLine(status));
    return status;
  }
}
