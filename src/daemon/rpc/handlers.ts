// The daemon's side of the method table. Each handler is one small function over the daemon's
// parts; the Handlers type makes a missing method a compile error.
import { PROTOCOL_VERSION, type StatusDTO } from '../../protocol/index.js';
import type { ConfigHolder } from '../config-holder.js';
import type { StateHolder } from '../state/holder.js';
import type { Handlers } from './dispatch.js';

export interface DaemonInfo {
  version: string;
  startedAt: number;
  socket: string;
  db: string;
  listen: () => string;
  inFlight: () => number;
  stop: () => void;
}

export function createHandlers(info: DaemonInfo, config: ConfigHolder, state: StateHolder): Handlers {
  return {
    hello: () => ({ protocolVersion: PROTOCOL_VERSION, version: info.version, pid: process.pid }),
    status: () => status(info, config, state),
    'daemon.stop': () => {
      setImmediate(info.stop);
      return { pid: process.pid, stopping: true as const };
    },
    'config.reload': () => config.reload(),
    'state.reset': () => {
      state.apply({ type: 'state.reset' });
      return { reset: true as const };
    },
    'circuit.reset': ({ provider }) => {
      state.apply({ type: 'circuit.reset', provider });
      return { reset: true as const, provider: provider ?? null };
    },
    'events.subscribe': (_p, ctx) => {
      ctx.subscribe();
      return { subscribed: true as const };
    },
  };
}

function status(info: DaemonInfo, config: ConfigHolder, state: StateHolder): StatusDTO {
  const now = Date.now();
  const cfg = config.current;
  const s = state.current;
  const activeRoute = s.activeRoute ?? cfg.defaultRoute ?? Object.keys(cfg.routes)[0] ?? null;
  const route = activeRoute ? cfg.routes[activeRoute] : undefined;
  const cooldowns = Object.entries(s.cooldowns)
    .filter(([, c]) => c.until > now)
    .map(([key, c]) => ({ key, until: new Date(c.until).toISOString(), reason: c.reason }));
  const openCircuits = Object.entries(s.breakers)
    .filter(([, b]) => b.state !== 'closed')
    .map(([key]) => key);
  const down = new Set([...cooldowns.map((c) => c.key), ...openCircuits]);
  const current = route?.targets.find((t) => !down.has(t.id) && !down.has(t.provider)) ?? route?.targets[0];
  return {
    pid: process.pid,
    version: info.version,
    protocolVersion: PROTOCOL_VERSION,
    startedAt: new Date(info.startedAt).toISOString(),
    uptimeSeconds: Math.round((now - info.startedAt) / 1000),
    configPath: config.path,
    listen: info.listen(),
    socket: info.socket,
    db: info.db,
    routes: Object.keys(cfg.routes).length,
    activeRoute,
    currentTarget: current?.id ?? null,
    configError: config.error,
    warnings: config.path === null ? ['no config file: running the built-in demo config (run `router init`)', ...config.configWarnings] : config.configWarnings,
    cooldowns,
    openCircuits,
    shadow: s.shadow,
    uvi: { enabled: s.uviEnabled, hard: s.uviHard },
    inFlight: info.inFlight(),
  };
}
