import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { launchDetached, runForeground } from '../../cli/daemon-launcher.js';
import type { StatusDTO } from '../../protocol/index.js';

export default class DaemonStart extends BaseCommand {
  static override summary = 'Start the router daemon (detached unless --foreground).';
  static override examples = [
    '<%= config.bin %> daemon start',
    '<%= config.bin %> daemon start --config routes.yaml --listen 127.0.0.1:8080',
    '<%= config.bin %> daemon start --foreground',
  ];
  static override flags = {
    config: Flags.string({ char: 'c', description: 'config file (default: config.yaml in the config dir, else the built-in demo)' }),
    listen: Flags.string({ description: 'HOST:PORT for the HTTP endpoint (overrides `listen` in the config)' }),
    foreground: Flags.boolean({ description: 'stay attached and log to stdout (systemd, containers)' }),
  };

  async run(): Promise<StatusDTO | void> {
    const { flags } = await this.parse(DaemonStart);
    const paths = this.paths(flags);
    const launch = { config: flags.config, listen: flags.listen, socket: paths.socket };
    if (flags.foreground) {
      process.exitCode = await runForeground(launch);
      return;
    }
    const status = await launchDetached(launch);
    this.log(`routerd started: pid ${status.pid}`);
    this.log(`  listening on http://${status.listen}`);
    this.log(`  control socket ${status.socket}`);
    this.log(
      `  config ${status.configPath ?? `built-in demo config (no config file at ${status.configWatched}; create one with: router init)`}`,
    );
    for (const w of status.warnings) this.logToStderr(`warning: ${w}`);
    return status;
  }
}
