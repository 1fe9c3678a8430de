import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import type { RouterPaths } from '../../config/paths.js';

export default class ConfigPath extends BaseCommand {
  static override summary = 'Print where the config, ledger, socket, pid file and log live.';
  static override flags = { config: Flags.string({ char: 'c', description: 'config file' }) };

  async run(): Promise<RouterPaths> {
    const { flags } = await this.parse(ConfigPath);
    const paths = this.paths(flags);
    this.log(paths.config);
    for (const [k, v] of Object.entries(paths)) if (k !== 'config') this.logToStderr(`${k.padEnd(9)} ${v}`);
    return paths;
  }
}
