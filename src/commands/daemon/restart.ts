import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { launchDetached } from '../../cli/daemon-launcher.js';
import { stopDaemon } from '../../cli/daemon-stop.js';
import { CliError } from '../../cli/errors.js';
import { printNote } from '../../cli/render/output.js';
import type { StatusDTO } from '../../protocol/index.js';

export default class DaemonRestart extends BaseCommand {
  static override summary = 'Stop the daemon if it runs, then start it again with the same --config and --listen (unless given anew).';
  static override flags = {
    config: Flags.string({
      char: 'c',
      description: 'config file for the new daemon (default: the one the running daemon was started with)',
    }),
    listen: Flags.string({
      description: 'HOST:PORT for the new daemon (default: the --listen the running daemon was started with, else the config)',
    }),
  };

  async run(): Promise<StatusDTO> {
    const { flags } = await this.parse(DaemonRestart);
    const socket = this.paths(flags).socket;
    const stopped = await stopDaemon(socket, printNote).catch((err: unknown) => {
      if (!(err instanceof CliError && err.code === 'daemon_unreachable')) throw err;
      return null;
    });
    const launch = stopped?.status.launch;
    const status = await launchDetached({
      config: flags.config ?? launch?.config ?? undefined,
      listen: flags.listen ?? launch?.listen ?? undefined,
      socket,
    });
    this.log(`routerd restarted: pid ${status.pid}, listening on http://${status.listen}`);
    return status;
  }
}
