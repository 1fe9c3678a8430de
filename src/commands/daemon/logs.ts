import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { CliError } from '../../cli/errors.js';
import { followLines, lastLines } from '../../cli/log-file.js';
import { logLine } from '../../cli/render/logs.js';

export default class DaemonLogs extends BaseCommand {
  static override summary = "Print the daemon's log (structured JSON lines); -f follows it.";
  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'keep printing new lines as they are written' }),
    lines: Flags.integer({ char: 'n', description: 'how many of the last lines to print', default: 50, min: 0 }),
  };

  async run(): Promise<object[] | void> {
    const { flags } = await this.parse(DaemonLogs);
    const file = this.paths(flags).log;
    const lines = await lastLines(file, flags.lines).catch(() => {
      throw new CliError('not_found', `no daemon log at ${file}`, 'a detached daemon writes it; start one with: router daemon start');
    });
    const json = this.jsonEnabled();
    const print = (l: string) => (json && flags.follow ? process.stdout.write(l + '\n') : this.log(logLine(l)));
    if (flags.follow) {
      for (const l of lines) print(l);
      await followLines(file, print);
      return;
    }
    for (const l of lines) this.log(logLine(l));
    return lines.map((l) => parse(l));
  }
}

function parse(line: string): object {
  try {
    return JSON.parse(line) as object;
  } catch {
    return { raw: line };
  }
}
