// Where clients should point: the running daemon's address, starting the daemon when asked to.
import type { RouterPaths } from '../config/paths.js';
import { DaemonClient } from './client.js';
import { launchDetached } from './daemon-launcher.js';

export interface Endpoint {
  /** http://HOST:PORT, without a path. */
  origin: string;
  /** What clients send as their key: ROUTER_API_KEY when set (needed when the router has apiKeys). */
  apiKey: string;
  started: boolean;
}

export async function routerEndpoint(paths: RouterPaths, opts: { start: boolean; config?: string }): Promise<Endpoint> {
  const apiKey = process.env.ROUTER_API_KEY || 'llm-router';
  const client = await DaemonClient.connect(paths.socket).catch((err: unknown) => {
    if (!opts.start) throw err;
    return null;
  });
  if (client) {
    try {
      const s = await client.call('status');
      return { origin: `http://${s.listen}`, apiKey, started: false };
    } finally {
      client.close();
    }
  }
  const s = await launchDetached({ socket: paths.socket, config: opts.config });
  return { origin: `http://${s.listen}`, apiKey, started: true };
}

/** The environment that points OpenAI- and Anthropic-style tools at the router. */
export function clientEnv(e: Endpoint, model?: string): Record<string, string> {
  const env: Record<string, string> = {
    OPENAI_BASE_URL: `${e.origin}/v1`,
    OPENAI_API_BASE: `${e.origin}/v1`,
    OPENAI_API_KEY: e.apiKey,
    ANTHROPIC_BASE_URL: e.origin,
    ANTHROPIC_AUTH_TOKEN: e.apiKey,
  };
  if (model) {
    env.OPENAI_MODEL = model;
    env.ANTHROPIC_MODEL = model;
    env.AIDER_MODEL = `openai/${model}`;
  }
  return env;
}
