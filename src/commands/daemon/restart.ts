import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { launchDetached } from '../../cli/daemon-launcher.js';
import { stopDaemon } from '../../cli/daemon-stop.js';
import { CliError } from '../../cli/errors.js';
import type { StatusDTO } from '../../protocol/index.js';

export default class DaemonRestart extends BaseCommand {
  static override summary = 'Stop the daemon if it runs, then start it again.';
  static override flags = {
    config: Flags.string({ char: 'c', description: 'config file for the new daemon' }),
    listen: Flags.string({ description: 'HOST:PORT for the new daemon' }),
  };

  async run(): Promise<StatusDTO> {
    const { flags } = await this.parse(DaemonRestart);
    const socket = this.paths(flags).socket;
    await stopDaemon(socket).catch((err: unknown) => {
      if (!(err instanceof CliError && err.code === 'daemon_unreachable')) throw err;
    });
    const status = await launchDetached({ config: flags.config, listen: flags.listen, socket });
    this.log(`routerd restarted: pid ${status.pid}, listening on http://${status.listen}`);
    return status;
  }
}
