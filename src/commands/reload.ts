import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { printNote } from '../cli/render/output.js';
import { plural } from '../cli/render/words.js';
import type { ReloadResult } from '../protocol/index.js';

export default class Reload extends BaseCommand {
  static override summary = 'Reload the config file now; a bad file is refused and the running config stays.';

  async run(): Promise<ReloadResult> {
    const { flags } = await this.parse(Reload);
    const r = await this.withClient(flags, (c) => c.call('config.reload'));
    if (!r.ok) {
      if (!this.jsonEnabled()) for (const p of r.problems) printNote(p);
      throw new CliError('config_invalid', `config refused, the running config stays: ${plural(r.errors, 'problem')}`);
    }
    for (const w of r.warnings) this.logToStderr(w);
    if (r.listenPending) this.logToStderr(`listen ${r.listenPending} takes effect after: router daemon restart`);
    this.log(`reloaded ${r.configPath ?? 'the built-in demo config (no config file yet)'}: ${plural(r.routes, 'route')}`);
    return r;
  }
}
