import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';

const EXAMPLE = fileURLToPath(new URL('../../routes.example.yaml', import.meta.url));

export default class Init extends BaseCommand {
  static override summary = 'Write an annotated config.yaml to start from (never overwrites without --force).';
  static override flags = {
    config: Flags.string({ char: 'c', description: 'where to write it (default: config.yaml in the config dir)' }),
    force: Flags.boolean({ description: 'overwrite an existing file' }),
  };

  async run(): Promise<{ path: string; written: true }> {
    const { flags } = await this.parse(Init);
    const path = this.paths(flags).config;
    if (existsSync(path) && !flags.force) {
      throw new CliError('failed', `${path} already exists`, 'use --force to overwrite it, or edit it and run: router config check');
    }
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await copyFile(EXAMPLE, path);
    this.log(`wrote ${path}`);
    this.log('next: edit it, then run `router config check` and `router daemon start`');
    return { path, written: true };
  }
}
