// Where every file lives (SPEC "Files and environment"). Pure: the caller passes the environment.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RouterPaths {
  configDir: string;
  dataDir: string;
  runDir: string;
  config: string;
  db: string;
  socket: string;
  pid: string;
  log: string;
  /** The control token (0600) that the listener's /rpc WebSocket asks for: the page and remote contexts. */
  controlToken: string;
}

export interface PathOverrides {
  config?: string;
  socket?: string;
}

type Env = Record<string, string | undefined>;

export function routerPaths(env: Env = process.env, overrides: PathOverrides = {}): RouterPaths {
  const home = env.ROUTER_HOME ? resolve(env.ROUTER_HOME) : undefined;
  const userHome = env.HOME || homedir();
  const configDir = home ?? join(env.XDG_CONFIG_HOME || join(userHome, '.config'), 'llm-router');
  const dataDir = home ?? join(env.XDG_DATA_HOME || join(userHome, '.local', 'share'), 'llm-router');
  const runDir = home ?? (env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'llm-router') : dataDir);
  const config = overrides.config ?? env.ROUTER_CONFIG;
  const socket = overrides.socket ?? env.ROUTER_SOCKET;
  return {
    configDir,
    dataDir,
    runDir,
    config: config ? resolve(config) : join(configDir, 'config.yaml'),
    db: join(dataDir, 'router.db'),
    socket: socket ? resolve(socket) : join(runDir, 'router.sock'),
    pid: join(runDir, 'routerd.pid'),
    log: join(dataDir, 'routerd.log'),
    controlToken: join(dataDir, 'control.token'),
  };
}
