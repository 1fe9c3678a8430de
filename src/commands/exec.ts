import { Flags } from '@oclif/core';
import { execa } from 'execa';
import { BaseCommand } from '../cli/base.js';
import { withCodexProvider } from '../cli/client-settings.js';
import { clientEnv, routerEndpoint } from '../cli/endpoint.js';
import { CliError } from '../cli/errors.js';
import { requireKnownName } from '../cli/known-names.js';

export default class Exec extends BaseCommand {
  static override summary =
    "Run a command with OpenAI and Anthropic environment variables pointing at the router (starts the daemon if needed); exits with the command's code.";
  static override examples = ['<%= config.bin %> exec -- aider --model openai/auto', '<%= config.bin %> exec --route fast -- claude'];
  static override strict = false;
  static override flags = {
    route: Flags.string({ char: 'r', description: 'route the tool should use (sets the model variables)', exclusive: ['model'] }),
    model: Flags.string({ char: 'm', description: 'model the tool should ask for (sets the model variables)' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Exec);
    const dash = this.argv.indexOf('--');
    const given = dash === -1 ? (argv as string[]) : this.argv.slice(dash + 1);
    if (given.length === 0) throw new CliError('usage', 'nothing to run: router exec [--route R | --model M] -- CMD [ARGS...]');
    const endpoint = await routerEndpoint(this.paths(flags), { start: true });
    if (endpoint.started) this.logToStderr(`started the router daemon on ${endpoint.origin}`);
    if (flags.route ?? flags.model)
      await requireKnownName(this.paths(flags).socket, (flags.route ?? flags.model)!, flags.route ? 'route' : 'model');
    const command = withCodexProvider(given, endpoint, flags.route ?? flags.model);
    const child = execa(command[0]!, command.slice(1), {
      stdio: 'inherit',
      reject: false,
      env: clientEnv(endpoint, flags.route ?? flags.model),
    });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, forward(sig));
    const result = await child;
    if (result.failed && result.exitCode === undefined && !result.signal)
      throw new CliError('failed', `cannot run ${command[0]}: ${result.shortMessage}`);
    process.exitCode = result.exitCode ?? (result.signal ? 128 + signalNumber(result.signal) : 1);
  }
}

function signalNumber(sig: string): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[sig] ?? 1;
}
