// Owns the running config: load, validate, swap atomically. A bad edit keeps the last good config
// and is remembered (with every line:col) so `router status` can show why it was refused.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { authRequired, isLoopbackHost } from '../config/exposure-checks.js';
import { demoConfig, formatProblem, loadConfigFile, type ConfigProblem } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { ConfigErrorDTO, ReloadResult } from '../protocol/index.js';

export interface ConfigSource {
  /** The config file: the named one (--config, ROUTER_CONFIG), else config.yaml in the config dir. */
  file: string;
  /** A named file must exist; an unnamed one may be absent, and the built-in demo config runs until it appears. */
  named: boolean;
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
  /** The address bound at start: a reloaded `listen:` only applies after a restart. */
  private readonly boundListen: string;
  /** The address the data plane actually bound (set once it listens): what exposure is judged by. */
  private boundAddress: string | null = null;

  private constructor(
    private readonly source: ConfigSource,
    private config: Config,
    private warnings: string[],
    /** Once a file runs, it stays required: deleting it must not silently fall back to the demo. */
    private onFile: boolean,
    private readonly onSwap: (next: Config, prev: Config) => void,
  ) {
    this.boundListen = config.listen;
  }

  static async open(source: ConfigSource, onSwap: (next: Config, prev: Config) => void): Promise<ConfigHolder> {
    const loaded = await load(source, source.named);
    if (!loaded.ok) throw new ConfigRefused(loaded.problems);
    return new ConfigHolder(source, loaded.config, loaded.warnings, loaded.onFile, onSwap);
  }

  get current(): Config {
    return this.config;
  }
  /** The file in use, or null on the built-in demo config. */
  get path(): string | null {
    return this.onFile ? this.source.file : null;
  }
  /** Where the config file is read from, or will be once it appears. */
  get watchedPath(): string {
    return this.source.file;
  }
  /** A `listen:` the running config asks for that differs from the bound address (never with --listen). */
  get listenPending(): string | null {
    return this.source.listenOverride === undefined && this.config.listen !== this.boundListen ? this.config.listen : null;
  }
  /** Called once the data plane listens: reloads are then judged against this address, whatever `listen:` says. */
  bound(address: string): void {
    this.boundAddress = address;
  }
  get error(): ConfigErrorDTO | null {
    return this.lastError;
  }
  get configWarnings(): string[] {
    return this.warnings;
  }

  async reload(): Promise<ReloadResult> {
    const loaded = weakensExposure(await load(this.source, this.source.named || this.onFile), this.boundAddress);
    if (!loaded.ok) {
      this.lastError = { at: new Date().toISOString(), problems: loaded.problems, firstError: loaded.firstError };
      return {
        ok: false,
        configPath: this.path,
        routes: Object.keys(this.config.routes).length,
        problems: loaded.problems,
        errors: loaded.errors,
        warnings: [],
        listenPending: this.listenPending,
      };
    }
    const prev = this.config;
    this.config = loaded.config;
    this.warnings = loaded.warnings;
    this.onFile = loaded.onFile;
    this.lastError = null;
    this.onSwap(loaded.config, prev);
    return {
      ok: true,
      configPath: this.path,
      routes: Object.keys(loaded.config.routes).length,
      problems: [],
      errors: 0,
      warnings: loaded.warnings,
      listenPending: this.listenPending,
    };
  }

  /**
   * Watches the folder, not the file: editors replace files by rename, which ends a file watch,
   * and on the demo config the file does not exist yet (`router init` creates it).
   */
  watch(onResult: (r: ReloadResult) => void): void {
    const file = this.source.file;
    if (this.watcher) return;
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

type Loaded =
  { ok: true; config: Config; warnings: string[]; onFile: boolean } | { ok: false; problems: string[]; firstError: string; errors: number };

async function load(source: ConfigSource, required: boolean): Promise<Loaded> {
  let config: Config;
  let warnings: string[] = [];
  const onFile = required || existsSync(source.file);
  if (!onFile) {
    config = demoConfig();
  } else {
    const r = await loadConfigFile(source.file, source.env);
    if (!r.ok) return refused(r.problems);
    config = r.config;
    warnings = r.warnings.map(formatProblem);
  }
  if (source.listenOverride) {
    config = { ...config, listen: source.listenOverride };
    const host = source.listenOverride.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!isLoopbackHost(host) && !authRequired(config)) {
      const message = `--listen ${source.listenOverride}: refusing a non-loopback address without apiKeys in the config`;
      return { ok: false, problems: [message], firstError: message, errors: 1 };
    }
  }
  return { ok: true, config, warnings, onFile };
}

/**
 * A new `listen:` waits for a restart, so the file's own listen check does not protect the socket
 * already open: a daemon bound beyond loopback refuses any config that would turn auth off.
 */
function weakensExposure(loaded: Loaded, boundAddress: string | null): Loaded {
  if (!loaded.ok || boundAddress === null || authRequired(loaded.config)) return loaded;
  const host = boundAddress.slice(0, boundAddress.lastIndexOf(':'));
  if (isLoopbackHost(host)) return loaded;
  const message = `the daemon is bound to ${boundAddress} (beyond loopback): refusing a config without apiKeys, which would let anyone on the network in; keep apiKeys, or restart the daemon on a loopback address first`;
  return { ok: false, problems: [message], firstError: message, errors: 1 };
}

/** Problems come in file order, warnings among them; the first *error* is why it was refused. */
function refused(problems: ConfigProblem[]): Loaded {
  const first = problems.find((p) => p.severity === 'error') ?? problems[0];
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { ok: false, problems: problems.map(formatProblem), firstError: first ? formatProblem(first) : 'config refused', errors };
}
