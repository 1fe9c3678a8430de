import { BaseCommand } from '../../cli/base.js';
import { stopDaemon } from '../../cli/daemon-stop.js';
import { printNote } from '../../cli/render/output.js';

export default class DaemonStop extends BaseCommand {
  static override summary = 'Stop the daemon gracefully: finish in-flight requests, flush the ledger, remove the socket.';

  async run(): Promise<{ pid: number; stopped: true }> {
    const { flags } = await this.parse(DaemonStop);
    // The wait is said on stderr even with --json: stdout stays the one JSON answer.
    const { pid } = await stopDaemon(this.paths(flags).socket, printNote);
    this.log(`routerd stopped (pid ${pid})`);
    return { pid, stopped: true };
  }
}
