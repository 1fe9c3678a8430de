// Owns the running config: load, validate, swap atomically. A bad edit keeps the last good config
// and is remembered (with every line:col) so `router status` can show why it was refused.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isLoopbackHost } from '../config/exposure-checks.js';
import { demoConfig, formatProblem, loadConfigFile } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { ConfigErrorDTO, ReloadResult } from '../protocol/index.js';

export interface ConfigSource {
  /** null: no file, run on the built-in demo config. */
  path: string | null;
  listenOverride?: string;
  env: Record<string, string | undefined>;
}

export class ConfigRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`config refused:\n${problems.join('\n')}`);
  }
}

export class ConfigHolder {
  private lastError: ConfigErrorDTO | null = null;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;

  private constructor(
    private readonly source: ConfigSource,
    private config: Config,
    private warnings: string[],
    private readonly onSwap: (next: Config, prev: Config) => void,
  ) {}

  static async open(source: ConfigSource, onSwap: (next: Config, prev: Config) => void): Promise<ConfigHolder> {
    const loaded = await load(source);
    if (!loaded.ok) throw new ConfigRefused(loaded.problems);
    return new ConfigHolder(source, loaded.config, loaded.warnings, onSwap);
  }

  get current(): Config {
    return this.config;
  }
  get path(): string | null {
    return this.source.path;
  }
  get error(): ConfigErrorDTO | null {
    return this.lastError;
  }
  get configWarnings(): string[] {
    return this.warnings;
  }

  async reload(): Promise<ReloadResult> {
    const loaded = await load(this.source);
    if (!loaded.ok) {
      this.lastError = { at: new Date().toISOString(), problems: loaded.problems };
      return { ok: false, configPath: this.source.path, routes: Object.keys(this.config.routes).length, problems: loaded.problems, warnings: [] };
    }
    const prev = this.config;
    this.config = loaded.config;
    this.warnings = loaded.warnings;
    this.lastError = null;
    this.onSwap(loaded.config, prev);
    return { ok: true, configPath: this.source.path, routes: Object.keys(loaded.config.routes).length, problems: [], warnings: loaded.warnings };
  }

  /** Watches the folder, not the file: editors replace files by rename, which ends a file watch. */
  watch(onResult: (r: ReloadResult) => void): void {
    const file = this.source.path;
    if (!file || this.watcher) return;
    this.watcher = watch(dirname(file), (_event, name) => {
      if (name !== basename(file)) return;
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload().then(onResult), 100);
    });
  }

  close(): void {
    this.watcher?.close();
    if (this.debounce) clearTimeout(this.debounce);
  }
}

type Loaded = { ok: true; config: Config; warnings: string[] } | { ok: false; problems: string[] };

async function load(source: ConfigSource): Promise<Loaded> {
  let config: Config;
  let warnings: string[] = [];
  if (source.path === null) {
    config = demoConfig();
  } else {
    const r = await loadConfigFile(source.path, source.env);
    if (!r.ok) return { ok: false, problems: r.problems.map(formatProblem) };
    config = r.config;
    warnings = r.warnings.map(formatProblem);
  }
  if (source.listenOverride) {
    config = { ...config, listen: source.listenOverride };
    const host = source.listenOverride.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!isLoopbackHost(host) && config.apiKeys.length === 0) {
      return { ok: false, problems: [`--listen ${source.listenOverride}: refusing a non-loopback address without apiKeys in the config`] };
    }
  }
  return { ok: true, config, warnings };
}

/** The file to run on: the resolved path when one was named, else config.yaml if it exists, else none. */
export function configPathFor(named: boolean, resolvedPath: string): string | null {
  return named || existsSync(resolvedPath) ? resolvedPath : null;
}
