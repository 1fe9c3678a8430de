// routerd: the composition root. Builds every part once, wires them, and owns the process
// lifecycle (signals, graceful drain, cleanup). Run by `router daemon start`.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { routerPaths } from '../config/paths.js';
import { openStore } from '../store/store.js';
import { BanditHolder } from './learning/bandit-holder.js';
import { startConversationPruning } from './relay/responses-conversations.js';
import { ConfigHolder, ConfigRefused } from './config-holder.js';
import { startDataPlane } from './http/server.js';
import { AlreadyRunning, claimHome, releaseHome, writePid } from './lifecycle.js';
import { Cutoff } from './cutoff.js';
import { KeepAlives } from './keep-alive.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics } from './metrics.js';
import { buildAdapters, closeAdapters, type Adapters } from './providers/registry.js';
import { BoundedSignatureBook } from './providers/signature-book.js';
import { createRecorder } from './recorder.js';
import { registerStateGauges } from './state-gauges.js';
import { createTelemetry, type Telemetry } from './telemetry/telemetry.js';
import { createHandlers } from './rpc/handlers.js';
import { loadRatings } from './spend/ratings.js';
import { SpendService } from './spend/service.js';
import { startRpcServer, type RpcServer } from './rpc/server.js';
import { createRpcHub, type RpcHub } from './rpc/hub.js';
import { listenerRpc } from './http/listener-rpc.js';
import { ensureControlToken } from './control-token.js';
import { StateHolder } from './state/holder.js';
import { LearnedHolder } from './learned.js';
import { createKeyHandlers } from './rpc/key-handlers.js';
import { teamParts } from './team.js';

/**
 * The ledger's WAL is checkpointed by a worker thread this often (store/checkpointer.ts). At 7k
 * requests/s the WAL grows ~10 MB/s, so a second keeps it to about that much.
 */
const STORE_CHECKPOINT_EVERY_MS = 1_000;

async function main(): Promise<number> {
  process.title = 'routerd';
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      listen: { type: 'string' },
      socket: { type: 'string' },
      log: { type: 'string', default: 'stdout' },
    },
  });
  const env = process.env;
  const paths = routerPaths(env, { config: values.config, socket: values.socket });
  // mkdir's mode only applies to a folder it creates: one that was there already is tightened too.
  for (const dir of new Set([paths.configDir, paths.dataDir, paths.runDir])) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  if (values.log === 'file' && existsSync(paths.log)) chmodSync(paths.log, 0o600);
  const log = createLogger(values.log === 'file' ? paths.log : 'stdout');
  const version = readVersion();

  try {
    await claimHome(paths.socket, paths.pid);
  } catch (err) {
    if (err instanceof AlreadyRunning) return fatal(log, err.message, 1);
    throw err;
  }

  // Created once: adapters are rebuilt on every reload, tool loops must keep their signatures.
  const thoughtSignatures = new BoundedSignatureBook();
  let adapters: Adapters = new Map();
  let spend: SpendService | null = null;
  let telemetry: Telemetry | null = null;
  const named = Boolean(values.config ?? env.ROUTER_CONFIG);
  let config: ConfigHolder;
  try {
    config = await ConfigHolder.open({ file: paths.config, named, listenOverride: values.listen, env }, (next) => {
      const old = adapters;
      adapters = buildAdapters(next, env, thoughtSignatures);
      void closeAdapters(old);
      spend?.onConfigChange();
      telemetry?.onConfig(next);
    });
  } catch (err) {
    if (err instanceof ConfigRefused) return fatal(log, err.message, 1);
    throw err;
  }
  adapters = buildAdapters(config.current, env, thoughtSignatures);

  const store = openStore(paths.db, {
    onError: (e) => log.error('store.write_failed', { error: e.message }),
    checkpointEveryMs: STORE_CHECKPOINT_EVERY_MS,
  });
  const state = new StateHolder(store.state, () => config.current);
  let rpc: RpcServer | null = null;
  let hub: RpcHub | null = null;
  // Several daemons on one Redis act as one router: shared state, spend, budgets and events. Loaded
  // only when configured: the Redis client adds several MB to every daemon's resident memory.
  const clusterConfig = config.current.cluster;
  const cluster = clusterConfig
    ? new (await import('./cluster/cluster.js')).Cluster({
        config: clusterConfig,
        repo: store.state,
        spend: store.spend,
        state,
        localEvents: () => hub,
        onSpendChange: () => spend?.recompute(),
        log,
        clock: Date.now,
      })
    : null;
  const spendStore = cluster ? { ...store, spend: cluster.spendReader(), state: cluster.budgetRepo() } : store;
  spend = new SpendService({
    store: spendStore,
    state,
    config: () => config.current,
    clock: Date.now,
    log,
    env,
    onQuotaFetched: (provider) => cluster?.quota.fetched(provider),
  });
  cluster?.quota.attach(spend.quota, () => spend?.recompute());
  loadRatings({ stats: store.stats, state });
  spend.start();
  const metrics = createMetrics();
  telemetry = createTelemetry({ config: () => config.current, env, metrics, log, version, clock: Date.now });
  const bandit = new BanditHolder(store.bandit);
  cluster?.shareBandit(bandit);
  const ledger = spend.watch(store.ledger);
  const recorder = createRecorder({
    bandit,
    state: () => state.current,
    ledger: cluster ? cluster.watch(ledger) : ledger,
    metrics,
    config: () => config.current,
    broadcast: (e) => (cluster ? cluster.events.broadcast(e) : hub?.broadcast(e)),
    listening: () => (cluster ? cluster.events.listening() : (hub?.subscriberCount() ?? 0) > 0),
    clock: Date.now,
    traces: telemetry,
  });
  const keepAlives = new KeepAlives(() => config.current.limits.keepAliveMs, Date.now);
  const conversations = { repo: store.conversations, config: () => config.current, now: Date.now };
  const stopPruning = startConversationPruning(conversations, log);
  const cutoff = new Cutoff();
  const learned = new LearnedHolder(store.learned, Date.now, (since, limit) => store.captured(since, limit));
  const team = teamParts(store, () => config.current, Date.now, cluster);
  const rt = {
    config: () => config.current,
    adapters: () => adapters,
    state,
    recorder,
    keepAlives,
    cutoff,
    metrics,
    log,
    clock: Date.now,
    conversations,
    learned: () => learned.current(),
    ...team,
    bandit: () => bandit.current(),
    cluster: cluster ? { status: () => cluster.status(config.current.cluster) } : undefined,
  };

  const [host, port] = splitListen(config.current.listen);
  let http: Awaited<ReturnType<typeof startDataPlane>>;
  try {
    http = await startDataPlane(rt, host, port);
  } catch (err) {
    store.close();
    return fatal(log, `cannot listen on ${config.current.listen}: ${listenFailure(err as NodeJS.ErrnoException)}`, 1);
  }
  config.bound(http.address());
  registerStateGauges(metrics, { state: () => state.current, inFlight: () => http.inFlight(), clock: Date.now });

  let stopping: Promise<void> | null = null;
  const stop = (reason: string, exitCode = 0) => {
    stopping ??= (async () => {
      log.info('daemon.stopping', { reason, inFlight: http.inFlight() });
      config.close();
      // Pages and remote CLIs first: their sockets would keep the listener from closing.
      hub?.closeAll('listener');
      await http.close(config.current.limits.drainMs);
      await rpc?.close();
      // After the drain, so the last requests' spans go too.
      await telemetry?.close(TELEMETRY_FLUSH_MS);
      spend?.stop();
      await cluster?.stop();
      stopPruning();
      state.persist();
      bandit.persist();
      store.close();
      await closeAdapters(adapters);
      releaseHome(paths.socket, paths.pid);
      log.info('daemon.stopped', { reason });
      await log.close();
      process.exit(exitCode);
    })();
    return stopping;
  };

  const startedAt = Date.now();
  const handlers = createHandlers(
    {
      version,
      startedAt,
      socket: paths.socket,
      db: paths.db,
      launch: { config: named ? paths.config : null, listen: values.listen ?? null },
      listen: () => http.address(),
      inFlight: () => http.inFlight(),
      stop: () => void stop('rpc daemon.stop'),
      hasAdapter: (provider) => adapters.has(provider),
      cluster: cluster ? () => cluster.status(config.current.cluster) : undefined,
      telemetry: () => telemetry?.status(),
    },
    config,
    state,
    store.ledger,
    { spend, store, state, clock: Date.now, bandit },
    learned,
    createKeyHandlers(team.keys, team.cache, Date.now),
  );
  hub = createRpcHub(handlers, log);
  rpc = await startRpcServer(paths.socket, hub);
  http.onUpgrade(listenerRpc({ hub, token: ensureControlToken(paths.controlToken), config: () => config.current, log }));
  writePid(paths.pid);

  const announce = (r: { ok: boolean; problems: string[]; routes: number }) => {
    if (r.ok) hub?.broadcast({ type: 'config.reloaded', at: new Date().toISOString(), routes: r.routes });
    else hub?.broadcast({ type: 'config.rejected', at: new Date().toISOString(), problems: r.problems });
    log[r.ok ? 'info' : 'warn'](r.ok ? 'config.reloaded' : 'config.rejected', { problems: r.problems });
  };
  config.watch(announce);
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGHUP', () => void config.reload().then(announce));
  // A detached daemon's stderr is a pipe its starter closed: a late write must not kill it.
  process.stderr.on('error', () => {});
  process.on('unhandledRejection', (err) => log.error('daemon.unhandled_rejection', { error: String((err as Error)?.stack ?? err) }));
  process.on('uncaughtException', (err) => {
    log.error('daemon.uncaught_exception', { error: err.stack ?? err.message });
    void stop('uncaught exception', 1);
  });

  log.info('daemon.started', {
    pid: process.pid,
    version,
    listen: http.address(),
    socket: paths.socket,
    config: config.path ?? '(built-in demo config)',
    warnings: config.configWarnings,
  });
  // A foreground daemon's stdout is its JSON log; a person watching the terminal gets one line too.
  if (values.log !== 'file')
    process.stderr.write(
      `llm-router listening on http://${http.address()} (config: ${config.path ?? `demo config, no config file at ${config.watchedPath}`})\n`,
    );
  return -1;
}

/** How long a stopping daemon gives queued spans to reach the OTLP receiver. */
const TELEMETRY_FLUSH_MS = 3_000;

function listenFailure(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return 'the address is already in use (pick another with --listen HOST:PORT)';
  if (err.code === 'EACCES') return 'permission denied (ports below 1024 need privileges; pick another with --listen HOST:PORT)';
  if (err.code === 'EADDRNOTAVAIL') return 'no such address on this machine';
  return err.message;
}

function splitListen(listen: string): [string, number] {
  const i = listen.lastIndexOf(':');
  return [listen.slice(0, i).replace(/^\[|\]$/g, ''), Number(listen.slice(i + 1))];
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function fatal(log: Logger, message: string, code: number): Promise<number> {
  log.error('daemon.start_failed', { error: message });
  process.stderr.write(`routerd: ${message}\n`);
  await log.close();
  return code;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: Error) => {
    process.stderr.write(`routerd: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
