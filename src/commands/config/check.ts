import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { configFileInUse } from '../../cli/daemon-config.js';
import { CliError } from '../../cli/errors.js';
import { printNote } from '../../cli/render/output.js';
import { plural } from '../../cli/render/words.js';
import { formatProblem, loadConfigFile, type ConfigProblem } from '../../config/load.js';

interface CheckResult {
  file: string;
  ok: boolean;
  routes: number;
  /** The errors: why the file is refused (empty when it is valid). */
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
  error?: { code: 'config_invalid'; message: string };
}

export default class ConfigCheck extends BaseCommand {
  static override summary = 'Validate a config file; every problem is listed as file:line:col message.';
  static override examples = ['<%= config.bin %> config check', '<%= config.bin %> config check routes.yaml'];
  static override args = {
    file: Args.string({
      description: "config file (default: --config, else the running daemon's, else ROUTER_CONFIG or config.yaml in the config dir)",
    }),
  };
  static override flags = { config: Flags.string({ char: 'c', description: 'config file' }) };

  async run(): Promise<CheckResult> {
    const { args, flags } = await this.parse(ConfigCheck);
    const file = args.file ?? (await configFileInUse(this.paths(flags), flags.config));
    const r = await loadConfigFile(file);
    if (!r.ok) {
      const errors = r.problems.filter((p) => p.severity === 'error');
      const message = `${file}: ${plural(errors.length, 'problem')}`;
      if (!this.jsonEnabled()) {
        for (const p of r.problems) printNote(formatProblem(p));
        throw new CliError('config_invalid', message);
      }
      // The same shape as a valid file's answer, so scripts read problems one way; exit 1 all the same.
      process.exitCode = 1;
      const warnings = r.problems.filter((p) => p.severity === 'warning');
      return {
        file,
        ok: false,
        routes: 0,
        problems: errors,
        warnings,
        error: { code: 'config_invalid', message: `${message}: ${r.problems.map(formatProblem).join('; ')}` },
      };
    }
    for (const w of r.warnings) this.logToStderr(formatProblem(w));
    const routes = Object.keys(r.config.routes).length;
    this.log(`${file}: ok (${plural(routes, 'route')}, ${plural(Object.keys(r.config.providers).length, 'provider')})`);
    return { file, ok: true, routes, problems: [], warnings: r.warnings };
  }
}
