// The only place the CLI writes to the terminal directly (besides oclif's own log), and the only
// place colour is decided: colour only when the stream is a TTY and NO_COLOR is unset.
import chalk, { Chalk, type ChalkInstance } from 'chalk';

const plain = new Chalk({ level: 0 });

export function printError(message: string, hint?: string): void {
  const c = palette(process.stderr);
  console.error(`${c.red('error:')} ${message}`);
  if (hint) console.error(`${c.dim('hint:')} ${hint}`);
}

export function printNote(message: string): void {
  console.error(message);
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function palette(stream: NodeJS.WriteStream = process.stdout): ChalkInstance {
  return useColor(stream) ? chalk : plain;
}
