// Settings that point a client tool at the router, as text to print or a file to write.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RouterPaths } from '../config/paths.js';
import { clientEnv, routerEndpoint, type Endpoint } from './endpoint.js';
import { CliError } from './errors.js';
import { loadConfigForCli } from './offline-plan.js';

export type ClientKind = 'claude-code' | 'codex' | 'aider' | 'env';

export interface ClientSettings {
  client: ClientKind;
  /** Where --write puts it. */
  file: string | null;
  text: string;
  env: Record<string, string>;
}

/** The running daemon's address, else the config's `listen` (nothing is started). */
export async function endpointFor(paths: RouterPaths): Promise<Endpoint> {
  try {
    return await routerEndpoint(paths, { start: false });
  } catch {
    const config = await loadConfigForCli(paths, false);
    return { origin: `http://${config.listen}`, apiKey: process.env.ROUTER_API_KEY || 'llm-router', started: false };
  }
}

export function settingsFor(client: ClientKind, e: Endpoint, model?: string): ClientSettings {
  const env = clientEnv(e, model);
  switch (client) {
    case 'env':
      return {
        client,
        file: null,
        env,
        text: Object.entries(env)
          .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
          .join('\n'),
      };
    case 'claude-code': {
      const block: Record<string, string> = {
        ANTHROPIC_BASE_URL: env.ANTHROPIC_BASE_URL!,
        ANTHROPIC_AUTH_TOKEN: env.ANTHROPIC_AUTH_TOKEN!,
      };
      if (model) block.ANTHROPIC_MODEL = model;
      return { client, file: join(homedir(), '.claude', 'settings.json'), env: block, text: JSON.stringify({ env: block }, null, 2) };
    }
    case 'codex':
      // Codex speaks only the Responses API (`wire_api = "chat"` is refused since 2026). Its key
      // comes from OPENAI_API_KEY: the variable `router exec` and `router config env` set.
      return {
        client,
        file: join(homedir(), '.codex', 'config.toml'),
        env: { OPENAI_API_KEY: e.apiKey },
        text: [
          `model_provider = "llm-router"`,
          `model = "${model ?? 'auto'}"`,
          '',
          '[model_providers.llm-router]',
          'name = "llm-router"',
          `base_url = "${e.origin}/v1"`,
          'env_key = "OPENAI_API_KEY"',
          'wire_api = "responses"',
        ].join('\n'),
      };
    case 'aider':
      return {
        client,
        file: join(process.cwd(), '.aider.conf.yml'),
        env: {},
        text: [`openai-api-base: ${e.origin}/v1`, `openai-api-key: ${e.apiKey}`, `model: openai/${model ?? 'auto'}`].join('\n'),
      };
  }
}

/** Codex's provider entry for the router, as the TOML lines of config.toml (keys relative to the root). */
function codexProvider(e: Endpoint): Record<string, string> {
  return {
    model_provider: 'llm-router',
    'model_providers.llm-router.name': 'llm-router',
    'model_providers.llm-router.base_url': `${e.origin}/v1`,
    'model_providers.llm-router.env_key': 'OPENAI_API_KEY',
    'model_providers.llm-router.wire_api': 'responses',
  };
}

const isCodex = (arg: string | undefined): boolean => arg !== undefined && /(^|[\\/])codex(\.js|\.cmd|\.exe)?$/.test(arg);

/**
 * `router exec -- codex …`: Codex ignores OPENAI_BASE_URL (its built-in provider talks to OpenAI
 * only), so the router's provider entry goes on its command line as `-c` overrides, right after
 * the codex program (also when run as `node …/codex.js`). Other commands are left alone.
 */
export function withCodexProvider(command: string[], e: Endpoint, model?: string): string[] {
  const at = isCodex(command[0]) ? 0 : isCodex(command[1]) ? 1 : -1;
  if (at === -1) return command;
  const overrides = { ...codexProvider(e), model: model ?? 'auto' };
  const args = Object.entries(overrides).flatMap(([k, v]) => ['-c', `${k}=${JSON.stringify(v)}`]);
  return [...command.slice(0, at + 1), ...args, ...command.slice(at + 1)];
}

/** Claude Code's settings are merged into its JSON; the others are written only where no file is yet. */
export async function writeSettings(s: ClientSettings, force: boolean): Promise<string> {
  if (!s.file) throw new CliError('usage', `${s.client} settings are printed, not written: eval "$(router config env)"`);
  await mkdir(dirname(s.file), { recursive: true });
  if (s.client === 'claude-code' && existsSync(s.file)) {
    const current = JSON.parse(await readFile(s.file, 'utf8')) as { env?: Record<string, string> };
    await writeFile(s.file, JSON.stringify({ ...current, env: { ...current.env, ...s.env } }, null, 2) + '\n');
    return s.file;
  }
  if (existsSync(s.file) && !force)
    throw new CliError('failed', `${s.file} already exists`, 'add the printed settings by hand, or use --force to replace the file');
  await writeFile(s.file, s.text + '\n');
  return s.file;
}

function shellQuote(v: string): string {
  return /^[\w./:@-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
