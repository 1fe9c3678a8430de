// The daemon's side of the method table. Each handler is one small function over the daemon's
// parts; the Handlers type makes a missing method a compile error.
import {
  PROTOCOL_VERSION,
  RpcCode,
  RpcError,
  type ClusterStatusDTO,
  type StatusDTO,
  type TelemetryStatusDTO,
} from '../../protocol/index.js';
import type { Config } from '../../config/schema.js';
import { plan } from '../../engine/plan.js';
import type { RequestFacts } from '../../engine/types.js';
import type { LedgerReader } from '../../store/types.js';
import type { ConfigHolder } from '../config-holder.js';
import type { StateHolder } from '../state/holder.js';
import type { LearnedHolder } from '../learned.js';
import { decisionDto } from './decisions.js';
import type { createKeyHandlers } from './key-handlers.js';
import { createExperimentHandlers } from './experiment-handlers.js';
import type { Handlers } from './dispatch.js';
import { createSpendHandlers, withRatings, type SpendHandlerDeps } from './spend-handlers.js';
import { activeRouteId, circuits, configView } from './views.js';

export interface DaemonInfo {
  version: string;
  startedAt: number;
  socket: string;
  db: string;
  /** The --config and --listen given at start, so `daemon restart` can give them again. */
  launch: { config: string | null; listen: string | null };
  listen: () => string;
  inFlight: () => number;
  stop: () => void;
  hasAdapter: (provider: string) => boolean;
  /** Config `cluster:`: the link's health for `router status`. */
  cluster?: () => ClusterStatusDTO;
  /** Trace export's figures; undefined when telemetry.otlp is off. */
  telemetry?: () => TelemetryStatusDTO | undefined;
}

export function createHandlers(
  info: DaemonInfo,
  config: ConfigHolder,
  state: StateHolder,
  ledger: LedgerReader,
  spend: SpendHandlerDeps,
  learned: LearnedHolder,
  keyHandlers: ReturnType<typeof createKeyHandlers>,
): Handlers {
  const flags = () => ({ shadow: state.current.shadow, uvi: { enabled: state.current.uviEnabled, hard: state.current.uviHard } });
  return {
    hello: () => ({ protocolVersion: PROTOCOL_VERSION, version: info.version, pid: process.pid }),
    status: () => ({ ...status(info, config, state), ...spend.spend.statusExtras(), ...telemetryStatus(info) }),
    'daemon.stop': () => {
      const inFlight = info.inFlight();
      setImmediate(info.stop);
      return { pid: process.pid, stopping: true as const, inFlight, drainMs: config.current.limits.drainMs };
    },
    'config.reload': () => config.reload(),
    'state.reset': () => {
      state.apply({ type: 'state.reset' });
      return { reset: true as const };
    },
    'circuit.reset': ({ provider }) => {
      if (provider !== undefined && !config.current.providers[provider]) {
        throw new RpcError(
          RpcCode.NotFound,
          `no provider "${provider}" in the config (providers: ${Object.keys(config.current.providers).join(', ') || 'none'})`,
        );
      }
      state.apply({ type: 'circuit.reset', provider });
      return { reset: true as const, provider: provider ?? null };
    },
    'circuit.list': () => ({
      circuits: circuits(state.current, config.current, Date.now()),
      cooldowns: status(info, config, state).cooldowns,
    }),
    'config.view': () => configView(config.current, state.current, Date.now(), info.hasAdapter),
    'route.switch': ({ target }) => {
      const kind = switchKind(target, config.current);
      state.apply({ type: 'route.switched', route: target });
      return { active: target, kind };
    },
    'decision.get': ({ id }) => {
      const entry = id ? ledger.get(id) : ledger.last();
      if (!entry) throw new RpcError(RpcCode.NotFound, id ? `no decision "${id}" in the ledger` : 'the ledger has no decisions yet');
      return withRatings(decisionDto(entry), spend);
    },
    'flags.set': (p) => {
      state.apply({ type: 'flags.set', ...p });
      return flags();
    },
    'events.subscribe': (_p, ctx) => {
      ctx.subscribe();
      return { subscribed: true as const };
    },
    ...createSpendHandlers(spend),
    'learn.train': (p) => learned.train(p),
    'learn.fromLedger': (p) => learned.trainFromLedger(p),
    'learn.status': () => learned.status(),
    ...keyHandlers,
    ...createExperimentHandlers(info.db, () => config.current, spend.clock),
  };
}

function telemetryStatus(info: DaemonInfo): { telemetry?: TelemetryStatusDTO } {
  const t = info.telemetry?.();
  return t ? { telemetry: t } : {};
}

function switchKind(name: string, config: Config): 'route' | 'alias' | 'target' {
  if (config.routes[name]) return 'route';
  if (config.aliases[name] !== undefined) return 'alias';
  const slash = name.indexOf('/');
  if (slash > 0 && config.providers[name.slice(0, slash)]) return 'target';
  const known = [...Object.keys(config.routes), ...Object.keys(config.aliases)];
  throw new RpcError(
    RpcCode.NotFound,
    `"${name}" is not a route, an alias or a provider/model of a configured provider (routes and aliases: ${known.join(', ') || 'none'})`,
  );
}

/** After `router switch provider/model` (or a target-list alias) `auto` means that list, not a route. */
function switchedTarget(switched: string | null, config: Config): string | undefined {
  if (switched === null) return undefined;
  const alias = config.aliases[switched];
  if (Array.isArray(alias)) return alias[0];
  return switched.includes('/') ? switched : undefined;
}

const PROBE_FACTS: RequestFacts = {
  model: 'auto',
  headers: {},
  clientFormat: 'openai',
  stream: false,
  lastUserText: '',
  systemText: '',
  textChars: 0,
  imageCount: 0,
  toolCount: 0,
  toolsChars: 0,
};

function status(info: DaemonInfo, config: ConfigHolder, state: StateHolder): StatusDTO {
  const now = Date.now();
  const cfg = config.current;
  const s = state.current;
  const activeRoute = activeRouteId(cfg, s) ?? s.activeRoute;
  const route = activeRoute ? cfg.routes[activeRoute] : undefined;
  const cooldowns = Object.entries(s.cooldowns)
    .filter(([, c]) => c.until > now)
    .map(([key, c]) => ({ key, until: new Date(c.until).toISOString(), reason: c.reason }));
  const openCircuits = Object.entries(s.breakers)
    .filter(([, b]) => b.state !== 'closed')
    .map(([key]) => key);
  // What `auto` would pick right now for a short prompt: the planner itself answers, so health,
  // budgets, UVI and ordering all count.
  const decision = plan(PROBE_FACTS, s, cfg, now, 'status');
  const current = decision.ok ? decision.attempts[0]?.id : (route?.targets[0]?.id ?? switchedTarget(s.activeRoute, cfg));
  return {
    pid: process.pid,
    version: info.version,
    protocolVersion: PROTOCOL_VERSION,
    startedAt: new Date(info.startedAt).toISOString(),
    uptimeSeconds: Math.round((now - info.startedAt) / 1000),
    configPath: config.path,
    configWatched: config.watchedPath,
    launch: info.launch,
    listen: info.listen(),
    listenPending: config.listenPending,
    socket: info.socket,
    db: info.db,
    routes: Object.keys(cfg.routes).length,
    activeRoute,
    currentTarget: current ?? null,
    configError: config.error,
    warnings: config.configWarnings,
    cooldowns,
    openCircuits,
    shadow: s.shadow,
    uvi: { enabled: s.uviEnabled, hard: s.uviHard },
    inFlight: info.inFlight(),
    ...(info.cluster ? { cluster: info.cluster() } : {}),
  };
}
