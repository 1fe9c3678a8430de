// The daemon's only output channel: structured JSON lines, written asynchronously so logging never
// blocks the data plane. Foreground daemons log to stdout (systemd/containers collect it); detached
// ones to routerd.log.
import { createWriteStream, type WriteStream } from 'node:fs';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  close(): Promise<void>;
}

const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(target: 'stdout' | string, minLevel: Level = 'info'): Logger {
  const stream: NodeJS.WritableStream | WriteStream =
    target === 'stdout' ? process.stdout : createWriteStream(target, { flags: 'a', mode: 0o600 });
  const write = (level: Level, msg: string, fields?: Fields) => {
    if (rank[level] < rank[minLevel]) return;
    stream.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    close: () =>
      new Promise((resolve) => {
        if (stream === process.stdout) return resolve();
        (stream as WriteStream).end(() => resolve());
      }),
  };
}

/** A logger that discards everything: for tests and for the CLI's in-process dry runs. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  close: async () => {},
};
