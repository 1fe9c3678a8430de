// Every command extends this: `--json` everywhere, `--socket`, one mapping from any failure to
// `{"error":{"code","message"}}` plus the right exit status (oclif would otherwise lose it).
import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import { routerPaths, type RouterPaths } from '../config/paths.js';
import { exitFor, type ErrorCode } from '../protocol/index.js';
import { DaemonClient, type RemoteDaemon } from './client.js';
import { resolveContext } from './contexts.js';
import { CliError } from './errors.js';
import { printError } from './render/output.js';

// oclif's FlagOutput / ArgOutput, which its index does not export.
type ParsedOutput = { [name: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = {
    socket: Flags.string({ description: 'control socket path (default: from ROUTER_HOME / XDG dirs)', helpGroup: 'GLOBAL' }),
    context: Flags.string({
      description: 'drive the daemon of this context (router context add) over its listener; default: router context use',
      helpGroup: 'GLOBAL',
    }),
  };

  protected paths(flags: { socket?: string; config?: string }): RouterPaths {
    return routerPaths(process.env, { socket: flags.socket, config: flags.config });
  }

  /** Anything that fails while reading the command line is a usage error (exit 2), in one short line. */
  protected override async parse<F extends ParsedOutput, B extends ParsedOutput, A extends ParsedOutput>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv);
    } catch (err) {
      // Marked parsed so oclif does not add its "did not parse its arguments" warning.
      this.parsed = true;
      if (err instanceof CliError || !(err instanceof Error)) throw err;
      throw new CliError(
        'usage',
        usageMessage(err.message),
        `see ${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help`.replace('  ', ' '),
      );
    }
  }

  /** The daemon to talk to: --socket is this machine's; else --context, else the context in use, else this machine's. */
  protected remote(flags: { socket?: string; context?: string }): RemoteDaemon | null {
    return flags.socket ? null : resolveContext(this.paths(flags), flags.context);
  }

  /** Runs fn with a connected client and always closes it. */
  protected async withClient<R>(flags: { socket?: string; context?: string }, fn: (c: DaemonClient) => Promise<R>): Promise<R> {
    const remote = this.remote(flags);
    const client = remote ? await DaemonClient.connectRemote(remote) : await DaemonClient.connect(this.paths(flags).socket);
    try {
      return await fn(client);
    } finally {
      client.close();
    }
  }

  override async catch(err: Error & { exitCode?: number }): Promise<void> {
    const { code, message, hint } = describe(err);
    const exit = exitFor(code);
    if (this.jsonEnabled()) {
      process.stdout.write(JSON.stringify({ error: { code, message, ...(hint ? { hint } : {}) } }, null, 2) + '\n');
    } else {
      printError(message, hint);
    }
    process.exitCode = exit;
  }
}

/** oclif's "Parsing --days \n\tExpected an integer…\nSee more help with --help" as "--days: expected an integer…". */
function usageMessage(message: string): string {
  const text = message.replace(/\nSee more help with --help$/, '').trim();
  const parsing = /^Parsing (--[\w-]+)\s*\n\s*(.*)$/s.exec(text);
  if (!parsing) return text.replace(/\s*\n\s*/g, ' ');
  const detail = parsing[2]!.replace(/\s*\n\s*/g, ' ');
  return `${parsing[1]}: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`;
}

function describe(err: Error): { code: ErrorCode; message: string; hint?: string } {
  if (err instanceof CliError) return { code: err.code, message: err.message, hint: err.hint };
  if (err instanceof Errors.CLIError && 'parse' in err) {
    return { code: 'usage', message: err.message.replace(/\nSee more help with --help$/, ''), hint: 'see --help' };
  }
  if (err instanceof Errors.ExitError) throw err;
  return { code: 'failed', message: err.message };
}
