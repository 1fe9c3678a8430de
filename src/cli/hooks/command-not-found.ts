// oclif's hook for `router stat` and other unknown commands: one line, the nearest commands as a
// hint, exit 2 (a usage error: the command line is wrong, not some routing name).
import { Errors, type Hook } from '@oclif/core';
import { moveLeadingFlags } from '../leading-flags.js';
import { printError } from '../render/output.js';

const hook: Hook<'command_not_found'> = async function ({ id, argv, config }) {
  const reordered = moveLeadingFlags(id, argv ?? [], config.commandIDs);
  if (reordered) return config.runCommand(reordered.id, reordered.argv);
  const typed = id.replaceAll(':', ' ');
  const near = nearestCommands(
    typed,
    config.commandIDs.map((c) => c.replaceAll(':', ' ')),
  );
  const message = `"${typed}" is not a ${config.bin} command`;
  const hint = near.length ? `did you mean: ${near.map((c) => `${config.bin} ${c}`).join(', ')}?` : `see ${config.bin} --help`;
  if (argv?.includes('--json')) process.stdout.write(JSON.stringify({ error: { code: 'usage', message, hint } }, null, 2) + '\n');
  else printError(message, hint);
  Errors.exit(2);
};
export default hook;

/** Commands within two edits of what was typed, or that start with it; closest first. */
export function nearestCommands(typed: string, commands: string[]): string[] {
  return commands
    .filter((c) => c !== 'help')
    .map((c) => ({ c, d: c.startsWith(typed) ? 0.5 : distance(typed, c) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .map(({ c }) => c);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
