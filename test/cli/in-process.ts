// Runs the `router` CLI inside the test process (oclif's own `run` over the built commands in
// dist/), capturing stdout, stderr and the exit status a real process would end with. Much faster
// than spawning one node process per parse or usage case; spawned runs still cover real exits.
import { run } from '@oclif/core';
import { vi } from 'vitest';

const ROOT = new URL('../../package.json', import.meta.url).pathname;

export interface InProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function routerInProcess(args: string[], env: Record<string, string> = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const saved = { exitCode: process.exitCode, env: { ...process.env } };
  Object.assign(process.env, { NO_COLOR: '1', ...env });
  process.exitCode = undefined;
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true)),
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (stdout += a.join(' ') + '\n')),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (stderr += a.join(' ') + '\n')),
  ];
  let exitCode: number;
  try {
    await run(args, ROOT);
    exitCode = Number(process.exitCode ?? 0);
  } catch (err) {
    // What oclif's `execute` does with an error that escapes: its exit status, else 1.
    exitCode = (err as { oclif?: { exit?: number } }).oclif?.exit ?? 1;
  } finally {
    for (const s of spies) s.mockRestore();
    process.exitCode = saved.exitCode;
    process.env = saved.env;
  }
  return { exitCode, stdout, stderr };
}
