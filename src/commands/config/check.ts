import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { configFileInUse } from '../../cli/daemon-config.js';
import { CliError } from '../../cli/errors.js';
import { printNote } from '../../cli/render/output.js';
import { plural } from '../../cli/render/status.js';
import { formatProblem, loadConfigFile } from '../../config/load.js';

interface CheckResult {
  file: string;
  ok: boolean;
  routes: number;
  problems: string[];
  warnings: string[];
}

export default class ConfigCheck extends BaseCommand {
  static override summary = 'Validate a config file; every problem is listed as file:line:col message.';
  static override examples = ['<%= config.bin %> config check', '<%= config.bin %> config check routes.yaml'];
  static override args = { file: Args.string({ description: 'config file (default: --config, else the running daemon\'s, else ROUTER_CONFIG or config.yaml in the config dir)' }) };
  static override flags = { config: Flags.string({ char: 'c', description: 'config file' }) };

  async run(): Promise<CheckResult> {
    const { args, flags } = await this.parse(ConfigCheck);
    const file = args.file ?? (await configFileInUse(this.paths(flags), flags.config));
    const r = await loadConfigFile(file);
    if (!r.ok) {
      const problems = r.problems.map(formatProblem);
      if (!this.jsonEnabled()) for (const p of problems) printNote(p);
      const errors = r.problems.filter((p) => p.severity === 'error').length;
      throw new CliError('config_invalid', `${file}: ${errors} problem${errors === 1 ? '' : 's'}${this.jsonEnabled() ? `: ${problems.join('; ')}` : ''}`);
    }
    const warnings = r.warnings.map(formatProblem);
    for (const w of warnings) this.logToStderr(w);
    this.log(`${file}: ok (${plural(Object.keys(r.config.routes).length, 'route')}, ${plural(Object.keys(r.config.providers).length, 'provider')})`);
    return { file, ok: true, routes: Object.keys(r.config.routes).length, problems: [], warnings };
  }
}
