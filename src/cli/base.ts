// Every command extends this: `--json` everywhere, `--socket`, one mapping from any failure to
// `{"error":{"code","message"}}` plus the right exit status (oclif would otherwise lose it).
import { Command, Errors, Flags } from '@oclif/core';
import { routerPaths, type RouterPaths } from '../config/paths.js';
import { exitFor, type ErrorCode } from '../protocol/index.js';
import { DaemonClient } from './client.js';
import { CliError } from './errors.js';
import { printError } from './render/output.js';

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = {
    socket: Flags.string({ description: 'control socket path (default: from ROUTER_HOME / XDG dirs)', helpGroup: 'GLOBAL' }),
  };

  protected paths(flags: { socket?: string; config?: string }): RouterPaths {
    return routerPaths(process.env, { socket: flags.socket, config: flags.config });
  }

  /** Runs fn with a connected client and always closes it. */
  protected async withClient<R>(flags: { socket?: string }, fn: (c: DaemonClient) => Promise<R>): Promise<R> {
    const client = await DaemonClient.connect(this.paths(flags).socket);
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

function describe(err: Error): { code: ErrorCode; message: string; hint?: string } {
  if (err instanceof CliError) return { code: err.code, message: err.message, hint: err.hint };
  if (err instanceof Errors.CLIError && 'parse' in err) {
    return { code: 'usage', message: err.message.replace(/\nSee more help with --help$/, ''), hint: 'see --help' };
  }
  if (err instanceof Errors.ExitError) throw err;
  return { code: 'failed', message: err.message };
}
