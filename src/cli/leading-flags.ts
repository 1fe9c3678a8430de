// `router --context prod status`: oclif reads the first word as the command, so a global flag
// written before the command reaches the command-not-found hook; this finds the real command and
// moves the flag behind it.

/** Global flags that take a value and may come before the command. */
const LEADING = ['--context', '--socket'];

export function moveLeadingFlags(id: string, argv: string[], commandIds: readonly string[]): { id: string; argv: string[] } | null {
  const words = [id, ...argv];
  const moved: string[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const eq = w.indexOf('=');
    const name = eq === -1 ? w : w.slice(0, eq);
    if (!LEADING.includes(name)) break;
    if (eq !== -1) {
      moved.push(name, w.slice(eq + 1));
      i += 1;
    } else {
      if (i + 1 >= words.length) return null;
      moved.push(name, words[i + 1]!);
      i += 2;
    }
  }
  if (moved.length === 0) return null;
  const rest = words.slice(i);
  // The longest run of leading words that names a command: `daemon status` before `daemon`.
  for (let n = rest.length; n > 0; n--) {
    const candidate = rest.slice(0, n);
    if (candidate.some((w) => w.startsWith('-'))) continue;
    const cmd = candidate.join(':');
    if (commandIds.includes(cmd)) return { id: cmd, argv: [...rest.slice(n), ...moved] };
  }
  return null;
}
