import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { runningStatus } from '../cli/daemon-config.js';
import { CliError } from '../cli/errors.js';
import type { StatusDTO } from '../protocol/index.js';

const EXAMPLE = fileURLToPath(new URL('../../routes.example.yaml', import.meta.url));

export default class Init extends BaseCommand {
  static override summary = 'Write an annotated config.yaml to start from (never overwrites without --force).';
  static override flags = {
    config: Flags.string({ char: 'c', description: 'where to write it (default: config.yaml in the config dir)' }),
    force: Flags.boolean({ description: 'overwrite an existing file' }),
  };

  async run(): Promise<{ path: string; written: true }> {
    const { flags } = await this.parse(Init);
    const paths = this.paths(flags);
    const path = paths.config;
    if (existsSync(path) && !flags.force) {
      throw new CliError('failed', `${path} already exists`, 'use --force to overwrite it, or edit it and run: router config check');
    }
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await copyFile(EXAMPLE, path);
    this.log(`wrote ${path}`);
    this.log(`next: ${nextStep(path, await runningStatus(paths.socket))}`);
    return { path, written: true };
  }
}

/** What to do next depends on the daemon: none, one that watches this very file, or one on another. */
function nextStep(path: string, daemon: StatusDTO | null): string {
  if (!daemon) return 'edit it, then run `router config check` and `router daemon start`';
  if ((daemon.configPath ?? daemon.configWatched) === path) {
    return `the running daemon (pid ${daemon.pid}) picks it up automatically, or now with: router reload; edit it and run \`router config check\``;
  }
  return `the running daemon (pid ${daemon.pid}) uses ${daemon.configPath ?? 'the built-in demo config'}; to run this file: router daemon restart --config ${path}`;
}
