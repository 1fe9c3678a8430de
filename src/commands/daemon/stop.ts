import { BaseCommand } from '../../cli/base.js';
import { stopDaemon } from '../../cli/daemon-stop.js';

export default class DaemonStop extends BaseCommand {
  static override summary = 'Stop the daemon gracefully: finish in-flight requests, flush the ledger, remove the socket.';

  async run(): Promise<{ pid: number; stopped: true }> {
    const { flags } = await this.parse(DaemonStop);
    const pid = await stopDaemon(this.paths(flags).socket);
    this.log(`routerd stopped (pid ${pid})`);
    return { pid, stopped: true };
  }
}
