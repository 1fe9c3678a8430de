// The CLI's error type: a stable code (mapped to an exit status in protocol/errors) and an optional
// hint that tells the user what to run next.
import { exitFor, type ErrorCode } from '../protocol/index.js';

export class CliError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }

  get exitCode(): number {
    return exitFor(this.code);
  }
}

export function daemonUnreachable(socket: string, reason: string): CliError {
  return new CliError(
    'daemon_unreachable',
    `the router daemon is not running (${reason} at ${socket})`,
    'start it with: router daemon start',
  );
}
